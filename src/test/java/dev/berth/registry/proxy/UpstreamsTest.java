package dev.berth.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.berth.config.ProxyProperties;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;

/** Which upstream a request's name addresses: by prefix, by containerd's ns, or the default for unheld names. */
class UpstreamsTest {

    /** Namespaces that exist in this registry, as the database would say. */
    private static final Set<String> LOCAL = Set.of("team");

    private final Upstreams upstreams = new Upstreams(new ProxyProperties(List.of(
            upstream("dockerhub", "https://registry-1.docker.io", null),
            upstream("ghcr", "https://ghcr.io", null),
            upstream("corp", "http://10.0.0.5:5000", "registry.corp.example")),
            "dockerhub", Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofHours(1)),
            LOCAL::contains);

    @Test
    void prefix_picksTheUpstream_andDockerHubOnePartNamesGetLibrary() {
        assertThat(resolve("dockerhub/alpine", null, true)).isEqualTo("dockerhub/library/alpine <- library/alpine");
        assertThat(resolve("dockerhub/library/alpine", null, false))
                .isEqualTo("dockerhub/library/alpine <- library/alpine");
        assertThat(resolve("ghcr/tool", null, true)).isEqualTo("ghcr/tool <- tool");
        assertThat(resolve("dockerhub/bitnami/redis", null, true))
                .isEqualTo("dockerhub/bitnami/redis <- bitnami/redis");
    }

    @Test
    void ns_picksTheUpstreamByRegistryHost_andNamesNoOtherHost() {
        assertThat(resolve("library/alpine", "docker.io", true)).isEqualTo("dockerhub/library/alpine <- library/alpine");
        assertThat(resolve("org/tool", "ghcr.io", true)).isEqualTo("ghcr/org/tool <- org/tool");
        assertThat(resolve("app", "registry.corp.example", true)).isEqualTo("corp/app <- app");
        assertThatThrownBy(() -> resolve("library/alpine", "evil.example.com", true))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(OciErrorCode.NAME_UNKNOWN));
        // ns names the registry: docker.io's ghcr/tool is not the ghcr upstream's tool.
        assertThat(resolve("ghcr/tool", "docker.io", true)).isEqualTo("dockerhub/ghcr/tool <- ghcr/tool");
        assertThatThrownBy(() -> resolve("ghcr/tool", "quay.io", true))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(OciErrorCode.NAME_UNKNOWN));
        // containerd pulling straight from Berth names Berth itself.
        assertThat(upstreams.resolve(RepositoryName.of("team/app"), "berth.example:5000", "berth.example:5000", true))
                .isEmpty();
    }

    @Test
    void defaultUpstream_servesReadsOfNamesNoNamespaceHolds_only() {
        assertThat(resolve("library/alpine", null, true)).isEqualTo("dockerhub/library/alpine <- library/alpine");
        assertThat(upstreams.resolve(RepositoryName.of("library/alpine"), null, null, false)).isEmpty();
        assertThat(upstreams.resolve(RepositoryName.of("team/app"), null, null, true)).isEmpty();
    }

    @Test
    void tokenRequests_forUnheldNames_coverTheCachedCopies() {
        assertThat(upstreams.cachedNamesFor(RepositoryName.of("library/alpine"))).extracting(RepositoryName::value)
                .contains("dockerhub/library/alpine", "ghcr/library/alpine");
        assertThat(upstreams.cachedNamesFor(RepositoryName.of("team/app"))).isEmpty();
        assertThat(upstreams.cachedNamesFor(RepositoryName.of("dockerhub/library/alpine"))).isEmpty();
    }

    @Test
    void configuration_isCheckedAtStart() {
        assertThatThrownBy(() -> build(upstream("Bad/Name", "https://x.example", null)))
                .hasMessageContaining("valid namespace");
        assertThatThrownBy(() -> build(upstream("x", "ftp://x.example", null))).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> build(upstream("x", "https://user:pw@x.example", null)))
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> build(upstream("x", "https://x.example", null), upstream("y", "https://x.example", null)))
                .hasMessageContaining("registry host");
        assertThatThrownBy(() -> new Upstreams(new ProxyProperties(List.of(), "nowhere", Duration.ofMinutes(5),
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofHours(1)), name -> false))
                .hasMessageContaining("default-upstream");
    }

    @Test
    void password_neverShowsInToString() {
        ProxyProperties.Upstream configured = new ProxyProperties.Upstream("x", URI.create("https://x.example"), null,
                "robot", "s3cret-value", null, null, null);
        Upstreams built = new Upstreams(properties(configured), name -> false);
        assertThat(configured.toString()).doesNotContain("s3cret-value");
        assertThat(built.all().get(0).toString()).doesNotContain("s3cret-value").contains("robot");
    }

    private String resolve(String name, String ns, boolean read) {
        MirroredName mirrored = upstreams.resolve(RepositoryName.of(name), ns, "berth.example:5000", read)
                .orElseThrow();
        return mirrored.local() + " <- " + mirrored.remote();
    }

    private static Upstreams build(ProxyProperties.Upstream... upstreams) {
        return new Upstreams(properties(upstreams), name -> false);
    }

    private static ProxyProperties properties(ProxyProperties.Upstream... upstreams) {
        return new ProxyProperties(List.of(upstreams), null, Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofHours(1));
    }

    private static ProxyProperties.Upstream upstream(String name, String url, String registryHost) {
        return new ProxyProperties.Upstream(name, URI.create(url), registryHost, null, null, null, null, null);
    }
}
