package dev.berth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.berth.config.StorageProperties;

/** The environment variable spellings the deployment files use really bind (ConfigurationMetadata relies on it). */
class EnvironmentBindingTest {

    @Test
    void bind_underscoredDashes_bindTheDashedProperty() {
        StorageProperties storage = bind(Map.of("BERTH_STORAGE_TYPE", "s3",
                "BERTH_STORAGE_S3_PATH_STYLE_ACCESS", "true",
                "BERTH_STORAGE_S3_ACCESS_KEY", "key-id"));

        assertThat(storage.type()).isEqualTo("s3");
        assertThat(storage.s3().pathStyleAccess()).isTrue();
        assertThat(storage.s3().accessKey()).isEqualTo("key-id");
    }

    @Test
    void bind_removedDashes_bindTheDashedPropertyToo() {
        StorageProperties storage = bind(Map.of("BERTH_STORAGE_S3_PATHSTYLEACCESS", "true"));

        assertThat(storage.s3().pathStyleAccess()).isTrue();
    }

    @Test
    void environmentForms_dashedProperty_coversBothSpellings() {
        assertThat(ConfigurationMetadata.environmentForms("berth.storage.s3.path-style-access"))
                .containsExactlyInAnyOrder("BERTH_STORAGE_S3_PATHSTYLEACCESS", "BERTH_STORAGE_S3_PATH_STYLE_ACCESS");
    }

    private static StorageProperties bind(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        environment.getPropertySources().addLast(new MapPropertySource("none", Map.of()));
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment).bindOrCreate("berth.storage", StorageProperties.class);
    }
}
