package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * A Berth caching another Berth (auth on, so the token flow to the upstream is real), through a
 * relay that counts what the cache asks of the upstream and can make it lie or die mid-blob.
 */
class ProxyCacheTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Path dir;
    private static StandaloneBerth upstream;
    private static UpstreamRelay relay;
    private static StandaloneBerth cache;
    private static RegistryClient origin;
    private static RegistryClient client;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("proxy-cache");
        upstream = StandaloneBerth.start(dir.resolve("upstream"));
        origin = upstream.client();
        relay = new UpstreamRelay(URI.create("http://127.0.0.1:" + upstream.port()));
        cache = StandaloneBerth.start(dir.resolve("cache"),
                "berth.proxy.upstreams[0].name=up",
                "berth.proxy.upstreams[0].url=http://127.0.0.1:" + relay.port(),
                "berth.proxy.upstreams[0].registry-host=registry.upstream.test",
                "berth.proxy.upstreams[0].username=admin",
                "berth.proxy.upstreams[0].password=" + BerthHttpTest.ADMIN_PASSWORD,
                "berth.proxy.upstreams[0].tag-ttl=3s",
                "berth.proxy.timeout=5s");
        client = cache.client();
    }

    @AfterAll
    static void stop() {
        cache.close();
        relay.close();
        upstream.close();
    }

    @AfterEach
    void healRelay() {
        relay.fault(UpstreamRelay.Fault.NONE);
    }

    @Test
    void pullByPrefix_servesTheUpstreamsBytesAndDigests() {
        String repository = unique("team");
        PushedImage image = PushedImage.push(origin, repository, "v1", 2, 100_000, 1);

        HttpResponse<byte[]> head = client.head("/v2/up/" + repository + "/manifests/v1");
        assertThat(head.statusCode()).as(RegistryClient.text(head)).isEqualTo(200);
        assertThat(head.headers().firstValue("Docker-Content-Digest")).contains(image.digest());
        HttpResponse<byte[]> manifest = client.get("/v2/up/" + repository + "/manifests/v1");
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.body()).isEqualTo(image.manifest());
        assertThat(manifest.headers().firstValue("Content-Type")).contains(PushedImage.OCI_MANIFEST);
        for (int i = 0; i < image.layers().size(); i++) {
            String path = "/v2/up/" + repository + "/blobs/" + image.layerDigests().get(i);
            assertThat(client.head(path).headers().firstValueAsLong("Content-Length")).hasValue(100_000);
            HttpResponse<byte[]> layer = client.get(path);
            assertThat(layer.statusCode()).as(RegistryClient.text(layer)).isEqualTo(200);
            assertThat(layer.body()).isEqualTo(image.layers().get(i));
            assertThat(relay.blobGets(image.layerDigests().get(i))).isEqualTo(1);
        }
        // Served from the cache from now on: no second fetch of a blob, whoever asks.
        for (String digest : image.layerDigests()) {
            assertThat(client.get("/v2/up/" + repository + "/blobs/" + digest).statusCode()).isEqualTo(200);
            assertThat(relay.blobGets(digest)).isEqualTo(1);
        }
        HttpResponse<byte[]> ranged = client.get("/v2/up/" + repository + "/blobs/" + image.layerDigests().get(0),
                "Range", "bytes=10-19");
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.body()).isEqualTo(java.util.Arrays.copyOfRange(image.layers().get(0), 10, 20));
    }

    @Test
    void writesToCachedNamespace_areRefusedAndChangeNothing() throws Exception {
        String repository = unique("team");
        PushedImage image = PushedImage.push(origin, repository, "v1", 1, 1000, 2);
        assertThat(client.get("/v2/up/" + repository + "/manifests/v1").statusCode()).isEqualTo(200);
        String cached = "/v2/up/" + repository;

        assertRefused(client.send("POST", cached + "/blobs/uploads/", new byte[0]));
        assertRefused(client.send("POST", cached + "/blobs/uploads/?digest=" + RegistryClient.sha256(new byte[] {1}),
                new byte[] {1}, "Content-Type", "application/octet-stream"));
        assertRefused(client.send("PUT", cached + "/manifests/v2", image.manifest(), "Content-Type",
                PushedImage.OCI_MANIFEST));
        assertRefused(client.delete(cached + "/manifests/" + image.digest()));
        assertRefused(client.delete(cached + "/manifests/v1"));
        assertRefused(client.delete(cached + "/blobs/" + image.layerDigests().get(0)));

        JsonNode tags = JSON.readTree(client.get(cached + "/tags/list").body());
        assertThat(tags.get("tags").toString()).isEqualTo("[\"v1\"]");
        assertThat(client.get(cached + "/manifests/" + image.digest()).statusCode()).isEqualTo(200);
        assertThat(client.get(cached + "/blobs/" + image.layerDigests().get(0)).statusCode()).isEqualTo(200);
        // Other namespaces of the same server take pushes as before.
        String local = unique("local");
        client.pushBlob(local, image.config());
    }

    @Test
    void ns_picksTheUpstreamByRegistryHost_andRefusesHostsNotConfigured() {
        String repository = unique("team");
        PushedImage image = PushedImage.push(origin, repository, "v1", 1, 1000, 3);

        HttpResponse<byte[]> mirrored = client.get("/v2/" + repository + "/manifests/v1?ns=registry.upstream.test");
        assertThat(mirrored.statusCode()).as(RegistryClient.text(mirrored)).isEqualTo(200);
        assertThat(RegistryClient.sha256(mirrored.body())).isEqualTo(image.digest());

        int before = relay.manifestGets() + relay.manifestHeads();
        HttpResponse<byte[]> other = client.get("/v2/" + repository + "/manifests/v1?ns=evil.example.com");
        assertError(other, 404, "NAME_UNKNOWN");
        assertThat(relay.manifestGets() + relay.manifestHeads()).isEqualTo(before);
    }

    @Test
    void concurrentPulls_ofOneUncachedImage_fetchEachBlobOnce() throws Exception {
        String repository = unique("team");
        PushedImage image = PushedImage.push(origin, repository, "v1", 3, 2 << 20, 4);
        int manifestGetsBefore = relay.manifestGets();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> pulls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                pulls.add(pool.submit((Callable<Boolean>) () -> pullWhole(repository, "v1", image)));
            }
            for (Future<Boolean> pull : pulls) {
                assertThat(pull.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(relay.manifestGets() - manifestGetsBefore).isEqualTo(1);
        for (String digest : image.layerDigests()) {
            assertThat(relay.blobGets(digest)).as(digest).isEqualTo(1);
        }
        assertThat(relay.blobGets(image.configDigest())).isEqualTo(1);
    }

    @Test
    void lyingUpstream_isRefusedAndNothingIsCached() {
        String repository = unique("team");
        PushedImage image = PushedImage.push(origin, repository, "v1", 1, 1 << 20, 5);
        String layer = "/v2/up/" + repository + "/blobs/" + image.layerDigests().get(0);

        relay.fault(UpstreamRelay.Fault.CORRUPT_BLOBS);
        assertBrokenOrRefused(layer, image.layers().get(0));

        relay.fault(UpstreamRelay.Fault.NONE);
        HttpResponse<byte[]> honest = client.get(layer);
        assertThat(honest.statusCode()).isEqualTo(200);
        assertThat(honest.body()).isEqualTo(image.layers().get(0));
        assertThat(relay.blobGets(image.layerDigests().get(0))).isEqualTo(2);
    }

    @Test
    void upstreamDyingMidBlob_givesAnErrorAndTheNextPullSucceeds() {
        String repository = unique("team");
        PushedImage image = PushedImage.push(origin, repository, "v1", 1, 4 << 20, 6);
        String layer = "/v2/up/" + repository + "/blobs/" + image.layerDigests().get(0);

        relay.fault(UpstreamRelay.Fault.CUT_BLOBS);
        assertBrokenOrRefused(layer, image.layers().get(0));

        relay.fault(UpstreamRelay.Fault.NONE);
        HttpResponse<byte[]> whole = client.get(layer);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(image.layers().get(0));
    }

    @Test
    void tagMovedUpstream_isSeenAfterTheTtl_notBefore() throws Exception {
        String repository = unique("team");
        PushedImage first = PushedImage.push(origin, repository, "latest", 1, 1000, 7);
        String tag = "/v2/up/" + repository + "/manifests/latest";
        assertThat(RegistryClient.sha256(client.get(tag).body())).isEqualTo(first.digest());

        PushedImage second = PushedImage.push(origin, repository, "latest", 1, 1000, 8);
        int heads = relay.manifestHeads();
        assertThat(RegistryClient.sha256(client.get(tag).body())).isEqualTo(first.digest());
        assertThat(relay.manifestHeads()).as("no revalidation within the TTL").isEqualTo(heads);

        Thread.sleep(3_200);
        HttpResponse<byte[]> moved = client.get(tag);
        assertThat(moved.headers().firstValue("Docker-Content-Digest")).contains(second.digest());
        assertThat(moved.body()).isEqualTo(second.manifest());
        assertThat(relay.manifestHeads()).isEqualTo(heads + 1);

        // Unchanged upstream after the TTL: one HEAD, no GET.
        Thread.sleep(3_200);
        int gets = relay.manifestGets();
        assertThat(RegistryClient.sha256(client.get(tag).body())).isEqualTo(second.digest());
        assertThat(relay.manifestGets()).isEqualTo(gets);
        assertThat(relay.manifestHeads()).isEqualTo(heads + 2);
    }

    @Test
    void userWhoMayNotPullTheCachedNamespace_getsNothing_cachedOrNot() {
        String repository = unique("team");
        PushedImage image = PushedImage.push(origin, repository, "v1", 1, 1000, 14);
        assertThat(client.get("/v2/up/" + repository + "/manifests/v1").statusCode()).isEqualTo(200);
        String user = "outsider" + UUID.randomUUID().toString().substring(0, 6);
        HttpResponse<byte[]> created = client.send("POST", "/api/v1/users", ("{\"username\":\"" + user
                + "\",\"password\":\"outsider-password-1\",\"admin\":false}").getBytes(), "Content-Type",
                "application/json");
        assertThat(created.statusCode()).as(RegistryClient.text(created)).isEqualTo(201);
        RegistryClient outsider = new RegistryClient(client.baseUrl()).withBasic(user, "outsider-password-1");
        int fetchedBefore = relay.manifestGets() + relay.manifestHeads();

        // A denial is a 401 with the DENIED code and error="insufficient_scope", as the token spec has it.
        assertError(outsider.get("/v2/up/" + repository + "/manifests/v1"), 401, "DENIED");
        assertError(outsider.get("/v2/up/" + repository + "/blobs/" + image.layerDigests().get(0)), 401, "DENIED");
        assertError(outsider.get("/v2/up/" + unique("team") + "/manifests/v1"), 401, "DENIED");
        assertError(new RegistryClient(client.baseUrl()).get("/v2/up/" + repository + "/manifests/v1"), 401,
                "UNAUTHORIZED");
        assertThat(relay.manifestGets() + relay.manifestHeads()).isEqualTo(fetchedBefore);
    }

    @Test
    void tagList_isTheUpstreams_withTagsNobodyPulledYet() throws Exception {
        String repository = unique("team");
        PushedImage.push(origin, repository, "v1", 1, 1000, 12);
        PushedImage.push(origin, repository, "v2", 1, 1000, 13);
        client.get("/v2/up/" + repository + "/manifests/v1");

        JsonNode all = JSON.readTree(client.get("/v2/up/" + repository + "/tags/list").body());
        assertThat(all.get("name").asString()).isEqualTo("up/" + repository);
        assertThat(all.get("tags").toString()).isEqualTo("[\"v1\",\"v2\"]");
        HttpResponse<byte[]> first = client.get("/v2/up/" + repository + "/tags/list?n=1");
        assertThat(JSON.readTree(first.body()).get("tags").toString()).isEqualTo("[\"v1\"]");
        assertThat(first.headers().firstValue("Link")).hasValueSatisfying(link -> assertThat(link).contains("last=v1"));
    }

    @Test
    void unknownAtTheUpstream_isUnknownHere() {
        String repository = unique("team");
        PushedImage.push(origin, repository, "v1", 1, 1000, 9);
        assertError(client.get("/v2/up/" + repository + "/manifests/nope"), 404, "MANIFEST_UNKNOWN");
        assertError(client.get("/v2/up/" + repository + "/blobs/sha256:" + "0".repeat(64)), 404, "BLOB_UNKNOWN");
        assertError(client.get("/v2/up/" + unique("nobody") + "/manifests/v1"), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void metrics_countHitsMissesAndUpstreamBytes() {
        String repository = unique("team");
        PushedImage image = PushedImage.push(origin, repository, "v1", 1, 5000, 10);
        client.get("/v2/up/" + repository + "/manifests/" + image.digest());
        client.get("/v2/up/" + repository + "/manifests/" + image.digest());
        client.get("/v2/up/" + repository + "/blobs/" + image.layerDigests().get(0));

        String scrape = new String(client.get("/actuator/prometheus").body());
        assertThat(scrape).containsPattern("berth_proxy_requests_total\\{outcome=\"hit\",upstream=\"up\"} [1-9]")
                .containsPattern("berth_proxy_requests_total\\{outcome=\"miss\",upstream=\"up\"} [1-9]")
                .containsPattern("berth_proxy_upstream_bytes_total\\{upstream=\"up\"} [1-9]");
    }

    @Test
    void adminAndBrowseApis_showTheUpstreamAndRevalidation_butNeverCredentials() throws Exception {
        String repository = unique("team");
        PushedImage.push(origin, repository, "v1", 1, 1000, 11);
        assertThat(client.get("/v2/up/" + repository + "/manifests/v1").statusCode()).isEqualTo(200);

        HttpResponse<byte[]> listed = client.get("/api/v1/system/upstreams");
        assertThat(listed.statusCode()).as(RegistryClient.text(listed)).isEqualTo(200);
        JsonNode upstreamView = JSON.readTree(listed.body()).get(0);
        assertThat(upstreamView.get("name").asString()).isEqualTo("up");
        assertThat(upstreamView.get("registryHost").asString()).isEqualTo("registry.upstream.test");
        assertThat(upstreamView.get("credentials").asBoolean()).isTrue();
        assertThat(upstreamView.get("health").asString()).isEqualTo("UP");
        assertThat(RegistryClient.text(listed)).doesNotContain(BerthHttpTest.ADMIN_PASSWORD);
        assertThat(new RegistryClient(client.baseUrl()).get("/api/v1/system/upstreams").statusCode()).isEqualTo(401);

        JsonNode repositories = JSON.readTree(client.get("/api/v1/repositories?q=" + repository.substring(5)).body());
        assertThat(repositories.get("items").get(0).get("upstream").asString())
                .isEqualTo("http://127.0.0.1:" + relay.port());
        JsonNode tags = JSON.readTree(client.get("/api/v1/repositories/up/" + repository + "/tags").body());
        assertThat(tags.get("items").get(0).get("revalidatedAt").isNull()).isFalse();

        HttpResponse<byte[]> delete = client.delete("/api/v1/repositories/up/" + repository + "/tags/v1");
        assertThat(delete.statusCode()).as(RegistryClient.text(delete)).isEqualTo(405);
        assertThat(RegistryClient.text(delete)).contains("mirrors");
        assertThat(client.get("/v2/up/" + repository + "/manifests/v1").statusCode()).isEqualTo(200);
    }

    /** Pulls the manifest by tag and every blob it names, checking each against what was pushed. */
    private static boolean pullWhole(String repository, String tag, PushedImage image) {
        HttpResponse<byte[]> manifest = client.get("/v2/up/" + repository + "/manifests/" + tag);
        if (manifest.statusCode() != 200 || !java.util.Arrays.equals(manifest.body(), image.manifest())) {
            throw new AssertionError("manifest: " + RegistryClient.text(manifest));
        }
        HttpResponse<byte[]> config = client.get("/v2/up/" + repository + "/blobs/" + image.configDigest());
        if (!java.util.Arrays.equals(config.body(), image.config())) {
            throw new AssertionError("config: " + RegistryClient.text(config));
        }
        for (int i = 0; i < image.layers().size(); i++) {
            HttpResponse<byte[]> layer = client.get("/v2/up/" + repository + "/blobs/" + image.layerDigests().get(i));
            if (layer.statusCode() != 200 || !java.util.Arrays.equals(layer.body(), image.layers().get(i))) {
                throw new AssertionError("layer " + i + ": " + layer.statusCode());
            }
        }
        return true;
    }

    /** The client must not end up with the wrong bytes: an error status, or a response broken off. */
    private static void assertBrokenOrRefused(String path, byte[] expected) {
        try {
            HttpResponse<byte[]> response = client.get(path);
            assertThat(response.statusCode() == 200 && java.util.Arrays.equals(response.body(), expected))
                    .as("a broken upstream's blob must not be served as good").isFalse();
            if (response.statusCode() == 200) {
                assertThat(response.body().length).isLessThan(expected.length);
            }
        } catch (RuntimeException e) {
            assertThat(e).hasRootCauseInstanceOf(IOException.class);
        }
    }

    private static void assertRefused(HttpResponse<byte[]> response) {
        assertError(response, 405, "UNSUPPORTED");
        assertThat(RegistryClient.text(response)).contains("mirrors");
    }

    private static void assertError(HttpResponse<byte[]> response, int status, String code) {
        assertThat(response.statusCode()).as(RegistryClient.text(response)).isEqualTo(status);
        assertThat(RegistryClient.text(response)).contains("\"code\":\"" + code + "\"");
    }

    private static String unique(String prefix) {
        return prefix + "/app" + UUID.randomUUID().toString().substring(0, 8);
    }
}
