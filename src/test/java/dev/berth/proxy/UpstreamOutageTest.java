package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * The upstream stopped for real: a cached tag is still served, saying it may be stale, and a name
 * never cached gets a clear {@code 503 UNAVAILABLE} quickly, never a hang or a {@code 500}. The
 * upstream's credentials never reach the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class UpstreamOutageTest {

    private static final String SECRET_PASSWORD = "upstream-secret-" + BerthHttpTest.ADMIN_PASSWORD;

    @TempDir
    Path temp;

    private StandaloneBerth upstream;
    private StandaloneBerth cache;

    @AfterEach
    void stop() {
        if (cache != null) {
            cache.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void upstreamDown_servesCachedTagsStale_andRefusesUncachedClearly(CapturedOutput output) throws Exception {
        upstream = StandaloneBerth.start(temp.resolve("upstream"));
        RegistryClient origin = upstream.client();
        // A user of the upstream whose password the log must never show.
        HttpResponse<byte[]> created = origin.send("POST", "/api/v1/users", ("{\"username\":\"mirror\",\"password\":\""
                + SECRET_PASSWORD + "\",\"admin\":true}").getBytes(), "Content-Type", "application/json");
        assertThat(created.statusCode()).as(RegistryClient.text(created)).isEqualTo(201);
        PushedImage image = PushedImage.push(origin, "team/app", "v1", 1, 1000, 20);
        PushedImage.push(origin, "team/other", "v1", 1, 1000, 21);

        cache = StandaloneBerth.start(temp.resolve("cache"),
                "berth.proxy.upstreams[0].name=up",
                "berth.proxy.upstreams[0].url=http://127.0.0.1:" + upstream.port(),
                "berth.proxy.upstreams[0].username=mirror",
                "berth.proxy.upstreams[0].password=" + SECRET_PASSWORD,
                "berth.proxy.upstreams[0].tag-ttl=1ms",
                "berth.proxy.timeout=2s");
        RegistryClient client = cache.client();
        assertThat(client.get("/v2/up/team/app/manifests/v1").statusCode()).isEqualTo(200);
        assertThat(client.get("/v2/up/team/app/blobs/" + image.layerDigests().get(0)).statusCode()).isEqualTo(200);

        upstream.close();
        upstream = null;

        HttpResponse<byte[]> stale = client.get("/v2/up/team/app/manifests/v1");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(image.manifest());
        assertThat(stale.headers().firstValue("Warning")).hasValueSatisfying(warning ->
                assertThat(warning).startsWith("110 ").contains("up"));
        assertThat(client.head("/v2/up/team/app/manifests/v1").headers().firstValue("Warning")).isPresent();
        assertThat(client.get("/v2/up/team/app/blobs/" + image.layerDigests().get(0)).body())
                .isEqualTo(image.layers().get(0));

        HttpResponse<byte[]> tags = client.get("/v2/up/team/app/tags/list");
        assertThat(RegistryClient.text(tags)).contains("\"v1\"");
        assertThat(tags.headers().firstValue("Warning")).isPresent();

        Instant asked = Instant.now();
        HttpResponse<byte[]> uncached = client.get("/v2/up/team/other/manifests/v1");
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(uncached.statusCode()).as(RegistryClient.text(uncached)).isEqualTo(503);
        assertThat(RegistryClient.text(uncached)).contains("\"code\":\"UNAVAILABLE\"").contains("upstream up");
        HttpResponse<byte[]> uncachedBlob = client.get("/v2/up/team/other/blobs/sha256:" + "1".repeat(64));
        assertThat(uncachedBlob.statusCode()).isEqualTo(503);

        String scrape = new String(client.get("/actuator/prometheus").body());
        assertThat(scrape).containsPattern("berth_proxy_requests_total\\{outcome=\"stale\",upstream=\"up\"} [1-9]")
                .containsPattern("berth_proxy_upstream_errors_total\\{kind=\"unreachable\",upstream=\"up\"} [1-9]");
        assertThat(output.getAll()).doesNotContain(SECRET_PASSWORD);
    }
}
