package dev.berth.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.TestImages;

/**
 * Deletes racing pushes of the same manifest and tag: every answer is one the spec allows (never a
 * 500 or a constraint error), and the end state is whole: a tag that exists names a manifest
 * that can be pulled. The build runs it on H2 and on PostgreSQL.
 */
class ConcurrentDeleteTest extends BerthHttpTest {

    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final int ROUNDS = 25;

    @Test
    void deletesRacingPushes_answerOnlyAllowedStatuses_andLeaveAWholeState() throws Exception {
        String repository = uniqueRepository("delete-race");
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = "a layer pushed and deleted over and over".getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(repository, config);
        String layerDigest = registry.pushBlob(repository, layer);
        byte[] manifest = TestImages.ociManifest(configDigest, config.length, layerDigest,
                Integer.toString(layer.length));
        String digest = registry.putManifest(repository, "v1", OCI_MANIFEST, manifest);
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> clients = new ArrayList<>();

        clients.add(pool.submit(() -> repeat(unexpected, "PUT by tag", List.of(201),
                () -> registry.send("PUT", "/v2/" + repository + "/manifests/v1", manifest,
                        "Content-Type", OCI_MANIFEST))));
        clients.add(pool.submit(() -> repeat(unexpected, "PUT by digest with ?tag=", List.of(201),
                () -> registry.send("PUT", "/v2/" + repository + "/manifests/" + digest + "?tag=v2", manifest,
                        "Content-Type", OCI_MANIFEST))));
        clients.add(pool.submit(() -> repeat(unexpected, "DELETE by digest", List.of(202, 404),
                () -> registry.delete("/v2/" + repository + "/manifests/" + digest))));
        clients.add(pool.submit(() -> repeat(unexpected, "DELETE tag", List.of(202, 404),
                () -> registry.delete("/v2/" + repository + "/manifests/v1"))));
        for (Future<?> client : clients) {
            client.get(3, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(unexpected).isEmpty();
        String tags = new String(registry.get("/v2/" + repository + "/tags/list").body(), StandardCharsets.UTF_8);
        for (String tag : List.of("v1", "v2")) {
            if (tags.contains("\"" + tag + "\"")) {
                HttpResponse<byte[]> pulled = registry.get("/v2/" + repository + "/manifests/" + tag,
                        "Accept", OCI_MANIFEST);
                assertThat(pulled.statusCode()).as(tag).isEqualTo(200);
                assertThat(pulled.body()).as(tag).isEqualTo(manifest);
            }
        }
        // And a push after the storm works as on a fresh repository.
        registry.putManifest(repository, "v3", OCI_MANIFEST, manifest);
        assertThat(registry.get("/v2/" + repository + "/manifests/v3", "Accept", OCI_MANIFEST).statusCode())
                .isEqualTo(200);
    }

    private static void repeat(ConcurrentLinkedQueue<String> unexpected, String what, List<Integer> allowed,
                               java.util.function.Supplier<HttpResponse<byte[]>> request) {
        for (int i = 0; i < ROUNDS; i++) {
            HttpResponse<byte[]> response = request.get();
            if (!allowed.contains(response.statusCode())) {
                unexpected.add(what + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
        }
    }
}
