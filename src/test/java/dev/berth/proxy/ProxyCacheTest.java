package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * A Berth caching another Berth (auth on, so the token flow to the upstream is real): pulls by
 * prefix come back byte for byte, pushes and deletes to the cached namespace are refused with
 * nothing changed, and an {@code ns} naming no upstream is refused.
 */
class ProxyCacheTest {

    @TempDir
    Path temp;

    private StandaloneBerth upstream;
    private StandaloneBerth cache;
    private RegistryClient upstreamClient;
    private RegistryClient cacheClient;

    @BeforeEach
    void start() {
        upstream = StandaloneBerth.start(temp.resolve("upstream"));
        upstreamClient = upstream.client();
        cache = StandaloneBerth.start(temp.resolve("cache"),
                "berth.proxy.upstreams[0].name=up",
                "berth.proxy.upstreams[0].url=http://127.0.0.1:" + upstream.port(),
                "berth.proxy.upstreams[0].username=admin",
                "berth.proxy.upstreams[0].password=" + BerthHttpTest.ADMIN_PASSWORD,
                "berth.proxy.timeout=3s");
        cacheClient = cache.client();
    }

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
    void pullByPrefix_servesTheUpstreamsBytes() {
        PushedImage image = PushedImage.push(upstreamClient, "team/app", "v1", 2, 100_000, 1);

        HttpResponse<byte[]> manifest = cacheClient.get("/v2/up/team/app/manifests/v1", "Accept",
                PushedImage.OCI_MANIFEST);
        assertThat(manifest.statusCode()).as(RegistryClient.text(manifest)).isEqualTo(200);
        assertThat(manifest.body()).isEqualTo(image.manifest());
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(image.digest());

        for (int i = 0; i < image.layers().size(); i++) {
            HttpResponse<byte[]> layer = cacheClient.get("/v2/up/team/app/blobs/" + image.layerDigests().get(i));
            assertThat(layer.statusCode()).as(RegistryClient.text(layer)).isEqualTo(200);
            assertThat(layer.body()).isEqualTo(image.layers().get(i));
        }
        // Cached now: the same answers with the upstream gone.
        upstream.close();
        upstream = null;
        HttpResponse<byte[]> byDigest = cacheClient.get("/v2/up/team/app/manifests/" + image.digest());
        assertThat(byDigest.statusCode()).isEqualTo(200);
        HttpResponse<byte[]> layer = cacheClient.get("/v2/up/team/app/blobs/" + image.layerDigests().get(0));
        assertThat(layer.body()).isEqualTo(image.layers().get(0));
    }
}
