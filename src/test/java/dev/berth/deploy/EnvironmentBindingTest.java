package dev.berth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import org.springframework.util.unit.DataSize;

import dev.berth.config.ProxyProperties;
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

    @Test
    void bind_indexedUpstreamVariables_bindEachUpstreamsKeys() {
        ProxyProperties proxy = bind(Map.of("BERTH_PROXY_UPSTREAMS_0_NAME", "dockerhub",
                "BERTH_PROXY_UPSTREAMS_0_URL", "https://registry-1.docker.io",
                "BERTH_PROXY_UPSTREAMS_0_REGISTRY_HOST", "docker.io",
                "BERTH_PROXY_UPSTREAMS_0_PASSWORD", "example-token",
                "BERTH_PROXY_UPSTREAMS_0_TAG_TTL", "1m",
                "BERTH_PROXY_UPSTREAMS_0_MAX_SIZE", "200GB",
                "BERTH_PROXY_UPSTREAMS_1_NAME", "ghcr",
                "BERTH_PROXY_UPSTREAMS_1_URL", "https://ghcr.io",
                "BERTH_PROXY_DEFAULT_UPSTREAM", "dockerhub"), "berth.proxy", ProxyProperties.class);

        assertThat(proxy.defaultUpstream()).isEqualTo("dockerhub");
        assertThat(proxy.upstreams()).extracting(ProxyProperties.Upstream::name).containsExactly("dockerhub", "ghcr");
        ProxyProperties.Upstream dockerHub = proxy.upstreams().get(0);
        assertThat(dockerHub.url()).isEqualTo(URI.create("https://registry-1.docker.io"));
        assertThat(dockerHub.registryHost()).isEqualTo("docker.io");
        assertThat(dockerHub.password()).isEqualTo("example-token");
        assertThat(dockerHub.tagTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(dockerHub.maxSize()).isEqualTo(DataSize.ofGigabytes(200));
    }

    @Test
    void hasEnvironmentVariable_upstreamKeys_knownForAnyIndexOnly() {
        ConfigurationMetadata metadata = ConfigurationMetadata.load();

        assertThat(metadata.hasEnvironmentVariable("BERTH_PROXY_UPSTREAMS_0_REGISTRY_HOST")).isTrue();
        assertThat(metadata.hasEnvironmentVariable("BERTH_PROXY_UPSTREAMS_12_MAXSIZE")).isTrue();
        assertThat(metadata.hasEnvironmentVariable("BERTH_PROXY_UPSTREAMS_0_REGISTRY")).isFalse();
        assertThat(metadata.hasEnvironmentVariable("BERTH_PROXY_UPSTREAMS_X_NAME")).isFalse();
    }

    private static StorageProperties bind(Map<String, Object> variables) {
        return bind(variables, "berth.storage", StorageProperties.class);
    }

    private static <T> T bind(Map<String, Object> variables, String prefix, Class<T> type) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        environment.getPropertySources().addLast(new MapPropertySource("none", Map.of()));
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment).bindOrCreate(prefix, type);
    }
}
