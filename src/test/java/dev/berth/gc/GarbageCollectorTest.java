package dev.berth.gc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.oci.Digest;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcReport;
import dev.berth.storage.BlobStore;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * Online garbage collection on a Berth of the test's own, with the grace periods at zero so that
 * everything unreachable is collectable at once.
 */
class GarbageCollectorTest {

    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String[] NO_GRACE = {"berth.gc.untagged-grace=0s", "berth.gc.blob-grace=0s"};

    @TempDir
    Path dataDir;

    @Test
    void collect_removesWhatNothingReaches_andKeepsTaggedIndexChildrenAndReferrers() throws IOException {
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir, NO_GRACE)) {
            RegistryClient registry = berth.client();
            String repository = "team/app";
            String shared = registry.pushBlob(repository, bytes("shared layer"));
            Image old = pushImage(registry, repository, "v1", shared, "old");
            Image current = pushImage(registry, repository, "v2", shared, "current");
            registry.putManifest(repository, "v1", OCI_MANIFEST, current.manifest);   // v1 moves: old is untagged
            String oldSignature = pushReferrer(registry, repository, old);
            String currentSignature = pushReferrer(registry, repository, current);
            Image child = pushImage(registry, repository, null, shared, "child");
            byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
                    + OCI_MANIFEST + "\",\"digest\":\"" + child.digest + "\",\"size\":" + child.manifest.length
                    + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}").getBytes(StandardCharsets.UTF_8);
            registry.putManifest(repository, "multi", OCI_INDEX, index);
            String stray = registry.pushBlob(repository, bytes("uploaded, never referenced"));
            GarbageCollector collector = berth.bean(GarbageCollector.class);
            BlobStore store = berth.bean(BlobStore.class);

            GcReport dryRun = collector.collect(true, "test").orElseThrow();

            assertThat(dryRun.manifestsDeleted()).isEqualTo(2);            // old and its signature
            assertThat(dryRun.blobsDeleted()).isEqualTo(3);                 // old's layer and config, the stray blob
            assertThat(status(registry, repository, old.digest)).isEqualTo(200);
            assertThat(store.size(Digest.parse(stray))).isPresent();

            GcReport report = collector.collect(false, "test").orElseThrow();

            assertThat(report.manifestsDeleted()).isEqualTo(2);
            assertThat(report.blobsDeleted()).isEqualTo(3);
            assertThat(report.bytesFreed()).isEqualTo(old.layer.length + old.config.length + bytes("uploaded, never referenced").length);
            assertThat(status(registry, repository, old.digest)).isEqualTo(404);
            assertThat(status(registry, repository, oldSignature)).isEqualTo(404);
            assertThat(store.size(Digest.parse(stray))).isEmpty();
            assertThat(store.size(Digest.parse(old.layerDigest))).isEmpty();
            for (String kept : List.of(current.digest, currentSignature, child.digest)) {
                assertThat(status(registry, repository, kept)).as(kept).isEqualTo(200);
            }
            assertThat(registry.get("/v2/" + repository + "/manifests/multi", "Accept", OCI_INDEX).statusCode())
                    .isEqualTo(200);
            for (String blob : List.of(shared, current.layerDigest, current.configDigest, child.layerDigest)) {
                assertThat(registry.get("/v2/" + repository + "/blobs/" + blob).statusCode()).as(blob).isEqualTo(200);
            }
            assertThat(collector.recent(5)).first().satisfies(latest -> {
                assertThat(latest.dryRun()).isFalse();
                assertThat(latest.blobsDeleted()).isEqualTo(3);
            });
        }
    }

    @Test
    void collect_withDefaultGrace_keepsFreshUntaggedManifestsAndUnreferencedUploads() throws IOException {
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir)) {
            RegistryClient registry = berth.client();
            Image image = pushImage(registry, "team/app", null, registry.pushBlob("team/app", bytes("a")), "fresh");
            String pending = registry.pushBlob("team/app", bytes("layer of a push still in progress"));

            GcReport report = berth.bean(GarbageCollector.class).collect(false, "test").orElseThrow();

            assertThat(report.manifestsDeleted()).isZero();
            assertThat(report.blobsDeleted()).isZero();
            assertThat(status(registry, "team/app", image.digest)).isEqualTo(200);
            assertThat(registry.get("/v2/team/app/blobs/" + pending).statusCode()).isEqualTo(200);
        }
    }

    /**
     * Pushes go on while collections run back to back with no grace at all. A push may then be
     * refused (its layers were collected before its manifest came), but every manifest the
     * registry accepted must have every byte it names.
     */
    @Test
    void collect_whilePushing_neverLeavesAnAcceptedManifestWithoutItsBlobs() throws Exception {
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir, NO_GRACE)) {
            RegistryClient registry = berth.client();
            GarbageCollector collector = berth.bean(GarbageCollector.class);
            ExecutorService pool = Executors.newFixedThreadPool(5);
            AtomicBoolean pushing = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Image> accepted = new ConcurrentLinkedQueue<>();
            List<Future<?>> pushers = new ArrayList<>();
            String shared = registry.pushBlob("race/app", bytes("shared layer"));
            pushImage(registry, "race/app", "base", shared, "base");    // keeps the shared layer reachable
            for (int p = 0; p < 4; p++) {
                int pusher = p;
                pushers.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        // A layer collected between its upload and the manifest gets the push refused,
                        // never corrupted; the client pushes again, as CI jobs retry.
                        for (int attempt = 0; attempt < 5; attempt++) {
                            try {
                                accepted.add(pushImage(registry, "race/app", "p" + pusher + "-" + i, shared,
                                        pusher + "/" + i + "/" + attempt));
                                break;
                            } catch (AssertionError refused) {
                                // try again
                            }
                        }
                    }
                }));
            }
            Future<Integer> collections = pool.submit(() -> {
                int runs = 0;
                while (pushing.get()) {
                    collector.collect(false, "test");
                    runs++;
                    // Back to back, but letting some pushes through: an image push on S3 takes longer than
                    // a collection over plain JDBC, so 20 ms between runs refused every push there.
                    Thread.sleep(100);
                }
                return runs;
            });
            for (Future<?> pusher : pushers) {
                pusher.get(5, TimeUnit.MINUTES);
            }
            pushing.set(false);
            assertThat(collections.get(1, TimeUnit.MINUTES)).isPositive();
            pool.shutdown();

            assertThat(accepted).isNotEmpty();
            collector.collect(false, "test");
            for (Image image : accepted) {
                assertThat(status(registry, "race/app", image.digest)).as(image.digest).isEqualTo(200);
                for (String blob : List.of(image.layerDigest, image.configDigest)) {
                    assertThat(registry.get("/v2/race/app/blobs/" + blob).statusCode())
                            .as("blob %s of %s", blob, image.digest).isEqualTo(200);
                }
            }
        }
    }

    private record Image(String digest, byte[] manifest, String layerDigest, byte[] layer, String configDigest,
                         byte[] config) {
    }

    /** Pushes a one-layer image (plus the shared layer); tags it when {@code tag} is given. */
    private static Image pushImage(RegistryClient registry, String repository, String tag, String sharedLayer,
                                   String label) {
        byte[] layer = bytes("layer " + label + " " + UUID.randomUUID());
        byte[] config = bytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"label\":\"" + label + UUID.randomUUID() + "\"}");
        String layerDigest = registry.pushBlob(repository, layer);
        String configDigest = registry.pushBlob(repository, config);
        byte[] manifest = bytes("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                + config.length + "},\"layers\":[" + layer(sharedLayer, bytes("shared layer").length) + ","
                + layer(layerDigest, layer.length) + "]}");
        String reference = tag != null ? tag : RegistryClient.sha256(manifest);
        String digest = registry.putManifest(repository, reference, OCI_MANIFEST, manifest);
        return new Image(digest, manifest, layerDigest, layer, configDigest, config);
    }

    private static String layer(String digest, long size) {
        return "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + digest
                + "\",\"size\":" + size + "}";
    }

    private static String pushReferrer(RegistryClient registry, String repository, Image subject) {
        String empty = registry.pushBlob(repository, bytes("{}"));
        byte[] manifest = bytes("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\","
                + "\"artifactType\":\"application/vnd.example.signature\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + empty + "\",\"size\":2},\"layers\":[],"
                + "\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + subject.digest + "\",\"size\":"
                + subject.manifest.length + "}}");
        return registry.putManifest(repository, RegistryClient.sha256(manifest), OCI_MANIFEST, manifest);
    }

    private static int status(RegistryClient registry, String repository, String digest) {
        return registry.head("/v2/" + repository + "/manifests/" + digest, "Accept", OCI_MANIFEST + "," + OCI_INDEX)
                .statusCode();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
