package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.BerthProcess;
import dev.berth.support.Postgres;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * Two cache replicas (the packaged jar, two processes) sharing PostgreSQL and an S3 bucket, in
 * front of one upstream: eight clients pulling one uncached image at once, half through each
 * replica, cause one upstream fetch of each blob and of the manifest (the lease row coalesces
 * across processes), and every client gets the upstream's bytes.
 */
class ProxyScaleOutIT {

    @TempDir
    Path temp;

    @Test
    void concurrentColdPulls_acrossTwoReplicas_fetchEachBlobOnce() throws Exception {
        String schema = "proxy_scale_" + UUID.randomUUID().toString().substring(0, 8);
        List<String> shared = new ArrayList<>(Postgres.properties(schema));
        shared.addAll(BerthHttpTest.s3Properties("proxy-scale-" + UUID.randomUUID().toString().substring(0, 8), false));
        try (StandaloneBerth upstream = StandaloneBerth.start(temp.resolve("upstream"));
             UpstreamRelay relay = new UpstreamRelay(URI.create("http://127.0.0.1:" + upstream.port()))) {
            PushedImage image = PushedImage.push(upstream.client(), "team/app", "v1", 3, 4 << 20, 30);
            shared.addAll(List.of("berth.proxy.upstreams[0].name=up",
                    "berth.proxy.upstreams[0].url=http://127.0.0.1:" + relay.port(),
                    "berth.proxy.upstreams[0].username=admin",
                    "berth.proxy.upstreams[0].password=" + BerthHttpTest.ADMIN_PASSWORD));
            try (BerthProcess a = BerthProcess.start(Files.createDirectories(temp.resolve("a")), shared);
                 BerthProcess b = BerthProcess.start(Files.createDirectories(temp.resolve("b")), shared)) {
                List<RegistryClient> replicas = List.of(a.client(), b.client());
                ExecutorService pool = Executors.newFixedThreadPool(8);
                try {
                    List<Future<Boolean>> pulls = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        RegistryClient client = replicas.get(i % 2);
                        pulls.add(pool.submit(() -> pullWhole(client, image)));
                    }
                    for (Future<Boolean> pull : pulls) {
                        assertThat(pull.get()).isTrue();
                    }
                } finally {
                    pool.shutdownNow();
                }
                assertThat(relay.manifestGets()).isEqualTo(1);
                assertThat(relay.blobGets(image.configDigest())).isEqualTo(1);
                for (String digest : image.layerDigests()) {
                    assertThat(relay.blobGets(digest)).as(digest).isEqualTo(1);
                }
            }
        }
    }

    private static boolean pullWhole(RegistryClient client, PushedImage image) {
        HttpResponse<byte[]> manifest = client.get("/v2/up/team/app/manifests/v1");
        assertThat(manifest.body()).isEqualTo(image.manifest());
        assertThat(client.get("/v2/up/team/app/blobs/" + image.configDigest()).body()).isEqualTo(image.config());
        for (int i = 0; i < image.layers().size(); i++) {
            byte[] layer = client.get("/v2/up/team/app/blobs/" + image.layerDigests().get(i)).body();
            assertThat(Arrays.equals(layer, image.layers().get(i))).as("layer " + i).isTrue();
        }
        return true;
    }
}
