package dev.berth.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code berth.*} properties the build generated metadata for, and the keys of the records in its
 * lists, matched as Spring's relaxed binding does.
 */
final class ConfigurationMetadata {

    /**
     * Bound by the token authentication work (berth.auth.*); they join the metadata when that code
     * is merged, and until then deployment files may already set them.
     */
    static final Set<String> AUTH_PROPERTIES = Set.of("berth.auth.enabled", "berth.auth.admin-password",
            "berth.auth.service");

    /** A list of records, as the metadata types it: {@code java.util.List<dev.berth.config.ProxyProperties$Upstream>}. */
    private static final Pattern LIST_OF_RECORDS = Pattern.compile("java\\.util\\.List<([\\w.$]+)>");

    private final Set<String> properties = new TreeSet<>();

    /**
     * Lists of records by property ({@code berth.proxy.upstreams}), with the keys of one element
     * ({@code name}, {@code registry-host}, ...): the metadata names the list but not its elements' keys.
     */
    private final Map<String, Set<String>> listElementKeys = new TreeMap<>();

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
                String name = property.get("name").asString();
                metadata.properties.add(name);
                Matcher list = LIST_OF_RECORDS.matcher(property.path("type").asString(""));
                if (list.matches()) {
                    recordKeys(list.group(1)).ifPresent(keys -> metadata.listElementKeys.put(name, keys));
                }
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

    /**
     * Whether {@code BERTH_STORAGE_S3_PATH_STYLE_ACCESS} names a known property (here
     * berth.storage.s3.path-style-access), or {@code BERTH_PROXY_UPSTREAMS_0_REGISTRY_HOST} a key of
     * an element of a known list (here berth.proxy.upstreams[0].registry-host).
     */
    boolean hasEnvironmentVariable(String variable) {
        if (properties.stream().anyMatch(property -> environmentForms(property).contains(variable))) {
            return true;
        }
        for (Map.Entry<String, Set<String>> list : listElementKeys.entrySet()) {
            for (String prefix : environmentForms(list.getKey())) {
                Matcher element = Pattern.compile(Pattern.quote(prefix) + "_[0-9]+_(.+)").matcher(variable);
                if (element.matches() && list.getValue().stream()
                        .anyMatch(key -> environmentForms(key).contains(element.group(1)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The keys Spring binds to a record's components ({@code registryHost}: {@code registry-host}); empty if no record. */
    private static Optional<Set<String>> recordKeys(String className) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        if (!type.isRecord()) {
            return Optional.empty();
        }
        Set<String> keys = new TreeSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            keys.add(component.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
        }
        return Optional.of(keys);
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
