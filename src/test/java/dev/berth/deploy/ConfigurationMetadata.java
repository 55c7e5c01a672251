package dev.berth.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code berth.*} properties the build generated metadata for, matched as Spring's relaxed binding does. */
final class ConfigurationMetadata {

    /**
     * Bound by the token authentication work (berth.auth.*); they join the metadata when that code
     * is merged, and until then deployment files may already set them.
     */
    static final Set<String> AUTH_PROPERTIES = Set.of("berth.auth.enabled", "berth.auth.admin-password",
            "berth.auth.service");

    private final Set<String> properties = new TreeSet<>();

    private ConfigurationMetadata() {
    }

    static ConfigurationMetadata load() {
        ConfigurationMetadata metadata = new ConfigurationMetadata();
        try (InputStream json = ConfigurationMetadata.class
                .getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            if (json == null) {
                throw new IllegalStateException("no configuration metadata: the build generates it at compile time");
            }
            for (JsonNode property : JsonMapper.builder().build().readTree(json).get("properties")) {
                metadata.properties.add(property.get("name").asString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        metadata.properties.addAll(AUTH_PROPERTIES);
        return metadata;
    }

    Set<String> properties() {
        return properties;
    }

    /** Whether {@code BERTH_STORAGE_S3_PATH_STYLE_ACCESS} names a known property (here berth.storage.s3.path-style-access). */
    boolean hasEnvironmentVariable(String variable) {
        return properties.stream().anyMatch(property -> environmentForms(property).contains(variable));
    }

    /**
     * The environment variable names Spring Boot binds to a property: dots to underscores, upper
     * case, and dashes either removed ({@code PATHSTYLEACCESS}) or turned into underscores
     * ({@code PATH_STYLE_ACCESS}); both are accepted (see EnvironmentBindingTest).
     */
    static Set<String> environmentForms(String property) {
        String upper = property.replace('.', '_').toUpperCase(Locale.ROOT);
        return new TreeSet<>(List.of(upper.replace("-", ""), upper.replace('-', '_')));
    }
}
