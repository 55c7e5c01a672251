package dev.berth.gc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcReport;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;
import dev.berth.support.TestImages;

/**
 * Retention policies, applied by garbage collection before its mark phase, on a Berth of the
 * test's own with zero grace. Tags are aged by setting their push time directly.
 */
class RetentionTest {

    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String[] NO_GRACE = {"berth.gc.untagged-grace=0s", "berth.gc.blob-grace=0s"};

    @TempDir
    Path dataDir;

    @Test
    void collect_keepLastTwoOfFourTags_removesTheTwoOldest_andDryRunOnlyReports() {
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir, NO_GRACE)) {
            RegistryClient registry = berth.client();
            createNamespace(registry, "team");
            String[] digests = new String[4];
            for (int i = 0; i < 4; i++) {
                digests[i] = pushImage(registry, "team/app", "t" + i);
                age(berth, "team/app", "t" + i, Duration.ofHours(4 - i));    // t0 oldest
            }
            setPolicy(registry, "team", "{\"keepLast\":2}");
            GarbageCollector collector = berth.bean(GarbageCollector.class);

            GcReport dryRun = collector.collect(true, "test").orElseThrow();

            assertThat(dryRun.tagsDeleted()).isEqualTo(2);
            assertThat(dryRun.manifestsDeleted()).isEqualTo(2);
            assertThat(dryRun.blobsDeleted()).isEqualTo(4);
            for (int i = 0; i < 4; i++) {
                assertThat(status(registry, "team/app", "t" + i)).isEqualTo(200);
            }

            GcReport report = collector.collect(false, "test").orElseThrow();

            assertThat(report.tagsDeleted()).isEqualTo(2);
            assertThat(report.manifestsDeleted()).isEqualTo(2);
            assertThat(status(registry, "team/app", "t0")).isEqualTo(404);
            assertThat(status(registry, "team/app", "t1")).isEqualTo(404);
            assertThat(status(registry, "team/app", digests[0])).isEqualTo(404);
            assertThat(status(registry, "team/app", "t2")).isEqualTo(200);
            assertThat(status(registry, "team/app", "t3")).isEqualTo(200);
            assertThat(collector.recent(1).get(0).tagsDeleted()).isEqualTo(2);
            assertThat(collector.collect(false, "test").orElseThrow().tagsDeleted()).isZero();
        }
    }

    @Test
    void collect_keepPatternAndImmutableTags_areNeverRemoved() {
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir, NO_GRACE)) {
            RegistryClient registry = berth.client();
            createNamespace(registry, "team");
            String[] tags = {"keep-me", "v1", "old", "newest"};     // oldest first
            for (int i = 0; i < tags.length; i++) {
                pushImage(registry, "team/app", tags[i]);
                age(berth, "team/app", tags[i], Duration.ofDays(30 - i));
            }
            HttpResponse<byte[]> rule = json(registry, "POST", "/api/v1/namespaces/team/immutable-tags",
                    "{\"pattern\":\"v*\"}");
            assertThat(rule.statusCode()).as(RegistryClient.text(rule)).isEqualTo(201);
            setPolicy(registry, "team", "{\"keepLast\":1,\"keepPattern\":\"keep-*\"}");

            GcReport report = berth.bean(GarbageCollector.class).collect(false, "test").orElseThrow();

            assertThat(report.tagsDeleted()).isEqualTo(1);
            assertThat(status(registry, "team/app", "old")).isEqualTo(404);
            for (String kept : new String[] {"keep-me", "v1", "newest"}) {
                assertThat(status(registry, "team/app", kept)).as(kept).isEqualTo(200);
            }
        }
    }

    @Test
    void collect_maxAgeDays_removesOlderTags_andRepositoryPolicyReplacesNamespacePolicy() {
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir, NO_GRACE)) {
            RegistryClient registry = berth.client();
            createNamespace(registry, "team");
            for (String repository : new String[] {"team/app", "team/tools"}) {
                pushImage(registry, repository, "stale");
                age(berth, repository, "stale", Duration.ofDays(10));
                pushImage(registry, repository, "fresh");
            }
            setPolicy(registry, "team", "{\"maxAgeDays\":5}");
            setPolicy(registry, "team", "{\"repository\":\"team/tools\",\"maxAgeDays\":30}");

            GcReport report = berth.bean(GarbageCollector.class).collect(false, "test").orElseThrow();

            assertThat(report.tagsDeleted()).isEqualTo(1);
            assertThat(status(registry, "team/app", "stale")).isEqualTo(404);
            assertThat(status(registry, "team/app", "fresh")).isEqualTo(200);
            assertThat(status(registry, "team/tools", "stale")).isEqualTo(200);
        }
    }

    private static void createNamespace(RegistryClient registry, String name) {
        HttpResponse<byte[]> created = json(registry, "POST", "/api/v1/namespaces", "{\"name\":\"" + name + "\"}");
        assertThat(created.statusCode()).as(RegistryClient.text(created)).isEqualTo(201);
    }

    private static void setPolicy(RegistryClient registry, String namespace, String body) {
        HttpResponse<byte[]> set = json(registry, "PUT", "/api/v1/namespaces/" + namespace + "/retention", body);
        assertThat(set.statusCode()).as(RegistryClient.text(set)).isEqualTo(200);
    }

    private static HttpResponse<byte[]> json(RegistryClient registry, String method, String path, String body) {
        return registry.send(method, path, body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    private static void age(StandaloneBerth berth, String repository, String tag, Duration age) {
        int updated = berth.bean(JdbcTemplate.class).update("UPDATE tag SET updated_at = ? WHERE name = ?"
                        + " AND repository_id = (SELECT id FROM repository WHERE name = ?)",
                Timestamp.from(Instant.now().minus(age)), tag, repository);
        assertThat(updated).isEqualTo(1);
    }

    private static String pushImage(RegistryClient registry, String repository, String tag) {
        byte[] config = ("{\"id\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] layer = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(repository, config);
        String layerDigest = registry.pushBlob(repository, layer);
        return registry.putManifest(repository, tag, OCI_MANIFEST,
                TestImages.ociManifest(configDigest, config.length, layerDigest, Integer.toString(layer.length)));
    }

    private static int status(RegistryClient registry, String repository, String reference) {
        return registry.head("/v2/" + repository + "/manifests/" + reference, "Accept", OCI_MANIFEST).statusCode();
    }
}
