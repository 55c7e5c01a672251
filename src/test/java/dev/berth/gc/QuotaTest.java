package dev.berth.gc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.oci.Digest;
import dev.berth.storage.BlobStore;
import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/** Namespace storage quotas: usage in the admin API, and uploads that would exceed the quota refused. */
class QuotaTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dataDir;

    @Test
    void monolithicPost_overQuota_isDenied_andLeavesNoBlobNoBytes_whileWithinQuotaIsCreated() throws IOException {
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir)) {
            RegistryClient registry = berth.client();
            createNamespace(registry, "team");
            setQuota(registry, "team", 1000);
            byte[] small = filled(600, 'a');
            String smallDigest = registry.pushBlob("team/app", small);
            byte[] big = filled(500, 'b');
            String bigDigest = RegistryClient.sha256(big);

            HttpResponse<byte[]> refused = registry.send("POST", "/v2/team/app/blobs/uploads/?digest=" + bigDigest, big,
                    "Content-Type", "application/octet-stream");

            assertDenied(refused, "namespace team would use 1.1 KiB of its 1000 B quota");
            assertThat(registry.head("/v2/team/app/blobs/" + bigDigest).statusCode()).isEqualTo(404);
            assertThat(berth.bean(BlobStore.class).size(Digest.parse(bigDigest))).isEmpty();
            assertNoUploadBytes();
            JsonNode namespace = namespace(registry, "team");
            assertThat(namespace.get("usedBytes").asLong()).isEqualTo(600);
            assertThat(namespace.get("quotaBytes").asLong()).isEqualTo(1000);

            // Within the quota, and a blob the namespace links already costs nothing again.
            registry.pushBlob("team/app", filled(400, 'c'));
            registry.pushBlob("team/other", small);
            assertThat(namespace(registry, "team").get("usedBytes").asLong()).isEqualTo(1000);
            assertThat(registry.head("/v2/team/other/blobs/" + smallDigest).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void chunkedUpload_overQuota_isDeniedAtPatchOrClosingPut_andTheSessionEnds() throws IOException {
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir, "berth.quota.default=1KB")) {
            RegistryClient registry = berth.client();
            createNamespace(registry, "team");
            assertThat(namespace(registry, "team").get("quotaBytes").asLong()).isEqualTo(1024);
            byte[] big = filled(2000, 'x');
            String digest = RegistryClient.sha256(big);

            String session = open(registry);
            HttpResponse<byte[]> patch = registry.send("PATCH", session, big,
                    "Content-Type", "application/octet-stream");
            assertDenied(patch, "namespace team would use 2 KiB of its 1 KiB quota");
            assertThat(registry.get(session).statusCode()).isEqualTo(404);

            // A small first chunk, then a closing PUT that carries the rest.
            session = open(registry);
            HttpResponse<byte[]> first = registry.send("PATCH", session, Arrays.copyOf(big, 100),
                    "Content-Type", "application/octet-stream");
            assertThat(first.statusCode()).as(RegistryClient.text(first)).isEqualTo(202);
            String next = first.headers().firstValue("Location").orElseThrow();
            HttpResponse<byte[]> put = registry.send("PUT", next + (next.contains("?") ? "&" : "?") + "digest=" + digest,
                    Arrays.copyOfRange(big, 100, big.length), "Content-Type", "application/octet-stream");
            assertDenied(put, "namespace team would use 2 KiB of its 1 KiB quota");
            assertThat(registry.get(next).statusCode()).isEqualTo(404);
            assertThat(registry.head("/v2/team/app/blobs/" + digest).statusCode()).isEqualTo(404);
            assertThat(berth.bean(BlobStore.class).size(Digest.parse(digest))).isEmpty();
            assertNoUploadBytes();
            assertThat(namespace(registry, "team").get("usedBytes").asLong()).isZero();

            // A mount links bytes into the namespace too.
            registry.pushBlob("team/app", filled(600, 'm'));
            String elsewhere = registry.pushBlob("other/app", filled(800, 'n'));
            HttpResponse<byte[]> mount = registry.send("POST",
                    "/v2/team/app/blobs/uploads/?mount=" + elsewhere + "&from=other/app", null);
            assertDenied(mount, "namespace team would use 1.4 KiB of its 1 KiB quota");
            assertThat(registry.head("/v2/team/app/blobs/" + elsewhere).statusCode()).isEqualTo(404);
            assertThat(namespace(registry, "team").get("usedBytes").asLong()).isEqualTo(600);
        }
    }

    @Test
    void quotaPatch_isForAdminsOnly_andValidated() {
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir)) {
            RegistryClient registry = berth.client();
            HttpResponse<byte[]> user = json(registry, "POST", "/api/v1/users",
                    "{\"username\":\"olivia\",\"password\":\"correct-horse-battery\"}");
            assertThat(user.statusCode()).as(RegistryClient.text(user)).isEqualTo(201);
            RegistryClient owner = registry.withBasic("olivia", "correct-horse-battery");
            createNamespace(owner, "team");

            HttpResponse<byte[]> byOwner = json(owner, "PATCH", "/api/v1/namespaces/team", "{\"quotaBytes\":1}");
            assertThat(byOwner.statusCode()).as(RegistryClient.text(byOwner)).isEqualTo(403);
            HttpResponse<byte[]> negative = json(registry, "PATCH", "/api/v1/namespaces/team", "{\"quotaBytes\":-1}");
            assertThat(negative.statusCode()).as(RegistryClient.text(negative)).isEqualTo(400);
            assertThat(namespace(registry, "team").get("quotaBytes").isNull()).isTrue();

            setQuota(registry, "team", 5000);
            assertThat(namespace(owner, "team").get("quotaBytes").asLong()).isEqualTo(5000);
            HttpResponse<byte[]> reset = json(registry, "PATCH", "/api/v1/namespaces/team", "{\"quotaBytes\":null}");
            assertThat(reset.statusCode()).isEqualTo(200);
            assertThat(namespace(registry, "team").get("quotaBytes").isNull()).isTrue();
        }
    }

    private void assertNoUploadBytes() throws IOException {
        if (BerthHttpTest.onS3()) {
            return;
        }
        Path uploads = dataDir.resolve("uploads");
        if (Files.isDirectory(uploads)) {
            try (Stream<Path> files = Files.list(uploads)) {
                assertThat(files.toList()).isEmpty();
            }
        }
    }

    private static String open(RegistryClient registry) {
        HttpResponse<byte[]> opened = registry.send("POST", "/v2/team/app/blobs/uploads/", null);
        assertThat(opened.statusCode()).isEqualTo(202);
        return opened.headers().firstValue("Location").orElseThrow();
    }

    private static void assertDenied(HttpResponse<byte[]> response, String message) {
        assertThat(response.statusCode()).as(RegistryClient.text(response)).isEqualTo(403);
        JsonNode error = JSON.readTree(response.body()).get("errors").get(0);
        assertThat(error.get("code").asString()).isEqualTo("DENIED");
        assertThat(error.get("message").asString() + " " + error.get("detail")).contains(message);
    }

    private static void createNamespace(RegistryClient registry, String name) {
        HttpResponse<byte[]> created = json(registry, "POST", "/api/v1/namespaces", "{\"name\":\"" + name + "\"}");
        assertThat(created.statusCode()).as(RegistryClient.text(created)).isEqualTo(201);
    }

    private static void setQuota(RegistryClient registry, String namespace, long bytes) {
        HttpResponse<byte[]> set = json(registry, "PATCH", "/api/v1/namespaces/" + namespace,
                "{\"quotaBytes\":" + bytes + "}");
        assertThat(set.statusCode()).as(RegistryClient.text(set)).isEqualTo(200);
        assertThat(JSON.readTree(set.body()).get("quotaBytes").asLong()).isEqualTo(bytes);
    }

    private static JsonNode namespace(RegistryClient registry, String name) {
        HttpResponse<byte[]> found = registry.get("/api/v1/namespaces/" + name);
        assertThat(found.statusCode()).as(RegistryClient.text(found)).isEqualTo(200);
        return JSON.readTree(found.body());
    }

    private static HttpResponse<byte[]> json(RegistryClient registry, String method, String path, String body) {
        return registry.send(method, path, body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    private static byte[] filled(int size, char c) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }
}
