package dev.berth.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;
import dev.berth.support.TestImages;

/** Twelve clients pushing the same content at once all succeed and leave one intact copy. */
class ConcurrentPushTest extends BerthHttpTest {

    private static final int CLIENTS = 12;

    @Test
    void sameBlob_twelveConcurrentSessionUploads_allCreatedAndIntact() throws Exception {
        String repository = uniqueRepository("race");
        byte[] blob = new byte[2 * 1024 * 1024];
        new Random(1).nextBytes(blob);
        String digest = RegistryClient.sha256(blob);

        List<Integer> statuses = concurrently(() -> {
            HttpResponse<byte[]> session = registry.send("POST", "/v2/" + repository + "/blobs/uploads/", null);
            String location = session.headers().firstValue("Location").orElseThrow();
            registry.send("PATCH", location, blob, "Content-Type", "application/octet-stream");
            return registry.send("PUT", location + "?digest=" + digest, null).statusCode();
        });

        assertThat(statuses).containsOnly(201);
        HttpResponse<byte[]> pulled = registry.get("/v2/" + repository + "/blobs/" + digest);
        assertThat(RegistryClient.sha256(pulled.body())).isEqualTo(digest);
    }

    @Test
    void sameBlob_twelveConcurrentMonolithicUploads_allCreated() throws Exception {
        String repository = uniqueRepository("race");
        byte[] blob = "the same layer from twelve builds".getBytes(StandardCharsets.UTF_8);
        String digest = RegistryClient.sha256(blob);

        List<Integer> statuses = concurrently(() -> registry.send("POST",
                "/v2/" + repository + "/blobs/uploads/?digest=" + digest, blob,
                "Content-Type", "application/octet-stream").statusCode());

        assertThat(statuses).containsOnly(201);
        assertThat(registry.get("/v2/" + repository + "/blobs/" + digest).body()).isEqualTo(blob);
    }

    @Test
    void sameTag_twelveConcurrentManifestPushes_allCreatedAndTagPointsAtOneOfThem() throws Exception {
        String repository = uniqueRepository("race");
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(repository, config);
        List<String> layerDigests = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            layerDigests.add(registry.pushBlob(repository, ("layer " + i).getBytes(StandardCharsets.UTF_8)));
        }
        List<byte[]> manifests = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            manifests.add(TestImages.ociManifest(configDigest, config.length, layerDigests.get(i),
                    String.valueOf(("layer " + i).length())));
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

        List<Integer> statuses = concurrently(() -> registry.send("PUT", "/v2/" + repository + "/manifests/latest",
                manifests.get(next.getAndIncrement()), "Content-Type",
                "application/vnd.oci.image.manifest.v1+json").statusCode());

        assertThat(statuses).containsOnly(201);
        HttpResponse<byte[]> latest = registry.get("/v2/" + repository + "/manifests/latest");
        assertThat(latest.statusCode()).isEqualTo(200);
        assertThat(manifests).anySatisfy(manifest -> assertThat(latest.body()).isEqualTo(manifest));
        for (byte[] manifest : manifests) {
            assertThat(registry.head("/v2/" + repository + "/manifests/" + RegistryClient.sha256(manifest))
                    .statusCode()).isEqualTo(200);
        }
        assertThat(RegistryClient.text(registry.get("/v2/" + repository + "/tags/list")))
                .isEqualTo("{\"name\":\"" + repository + "\",\"tags\":[\"latest\"]}");
    }

    private static List<Integer> concurrently(Callable<Integer> push) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return push.call();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            return statuses;
        } finally {
            pool.shutdown();
        }
    }
}
