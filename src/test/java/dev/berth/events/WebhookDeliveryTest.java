package dev.berth.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;
import dev.berth.support.TestImages;
import dev.berth.support.WebhookReceiver;
import dev.berth.support.WebhookReceiver.Received;

/**
 * Webhooks end to end over real HTTP: a Berth records events with its changes, and a receiver on
 * loopback gets them as CloudEvents or Distribution notifications, signed the Standard Webhooks
 * way, with retries when it fails and nothing for a change that rolled back.
 */
class WebhookDeliveryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private static StandaloneBerth berth;
    private static RegistryClient client;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = WebhookReceiver.start();
        berth = StandaloneBerth.start(Files.createTempDirectory("webhooks"),
                "berth.events.allow-private-targets=true", "berth.events.poll-interval=200ms",
                "berth.events.timeout=2s");
        client = berth.client();
    }

    @AfterAll
    static void stop() {
        berth.close();
        receiver.close();
    }

    @Test
    void push_deleteAndSignature_arriveAsSignedCloudEvents() throws Exception {
        String namespace = unique();
        JsonNode created = subscribe(namespace, "/ce/" + namespace, "cloudevents",
                "manifest.pushed", "tag.deleted", "artifact.pushed");
        String secret = created.get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        long id = created.get("webhook").get("id").asLong();
        assertThat(RegistryClient.text(client.get("/api/v1/webhooks/" + id))).doesNotContain(secret)
                .doesNotContain("\"secret\"");

        String repository = namespace + "/app";
        Pushed image = push(repository, "v1");
        Received pushed = receiver.await(r -> r.path().equals("/ce/" + namespace), 1, WAIT).get(0);
        assertThat(pushed.header("Content-Type")).isEqualTo("application/cloudevents+json");
        JsonNode event = pushed.json();
        assertThat(event.get("specversion").asString()).isEqualTo("1.0");
        assertThat(event.get("type").asString()).isEqualTo("dev.berth.manifest.pushed");
        assertThat(event.get("subject").asString()).isEqualTo(repository + "@" + image.digest());
        assertThat(event.get("data").get("tags").toString()).isEqualTo("[\"v1\"]");
        assertThat(event.get("data").get("actor").asString()).isEqualTo("admin");
        assertThat(event.get("data").get("mediaType").asString()).isEqualTo(OCI_MANIFEST);
        assertSigned(pushed, secret);

        byte[] signature = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":"
                + "\"application/vnd.dev.cosign.simplesigning.v1+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + image.configDigest() + "\",\"size\":"
                + image.configSize() + "},\"layers\":[],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST
                + "\",\"digest\":\"" + image.digest() + "\",\"size\":" + image.size() + "}}")
                .getBytes(StandardCharsets.UTF_8);
        String signatureDigest = client.putManifest(repository, RegistryClient.sha256(signature), OCI_MANIFEST,
                signature);
        assertThat(client.delete("/v2/" + repository + "/manifests/v1").statusCode()).isEqualTo(202);

        List<Received> all = receiver.await(r -> r.path().equals("/ce/" + namespace), 3, WAIT);
        JsonNode artifact = all.stream().map(Received::json)
                .filter(e -> e.get("type").asString().equals("dev.berth.artifact.pushed")).findFirst().orElseThrow();
        assertThat(artifact.get("data").get("digest").asString()).isEqualTo(signatureDigest);
        assertThat(artifact.get("data").get("subject").asString()).isEqualTo(image.digest());
        JsonNode deleted = all.stream().map(Received::json)
                .filter(e -> e.get("type").asString().equals("dev.berth.tag.deleted")).findFirst().orElseThrow();
        assertThat(deleted.get("data").get("tags").toString()).isEqualTo("[\"v1\"]");
        assertThat(deleted.get("data").get("digest").asString()).isEqualTo(image.digest());
        all.forEach(received -> assertSigned(received, secret));
    }

    @Test
    void distributionFormat_isTheEnvelopeItsReceiversParse() throws Exception {
        String namespace = unique();
        subscribe(namespace, "/dist/" + namespace, "distribution", "manifest.pushed", "manifest.deleted");
        Pushed image = push(namespace + "/app", "stable");

        Received received = receiver.await(r -> r.path().equals("/dist/" + namespace), 1, WAIT).get(0);
        assertThat(received.header("Content-Type")).isEqualTo("application/vnd.docker.distribution.events.v1+json");
        JsonNode event = received.json().get("events").get(0);
        assertThat(event.get("action").asString()).isEqualTo("push");
        assertThat(event.get("target").get("repository").asString()).isEqualTo(namespace + "/app");
        assertThat(event.get("target").get("digest").asString()).isEqualTo(image.digest());
        assertThat(event.get("target").get("tag").asString()).isEqualTo("stable");
        assertThat(event.get("target").get("mediaType").asString()).isEqualTo(OCI_MANIFEST);
        assertThat(event.get("actor").get("name").asString()).isEqualTo("admin");
        assertThat(event.get("request").get("id").asString()).isNotBlank();
    }

    @Test
    void receiverFailingForAWhile_getsEveryEventOnce_withTheSameIdOnRetries() throws Exception {
        String namespace = unique();
        subscribe(namespace, "/flaky/" + namespace, "cloudevents", "manifest.pushed");
        receiver.fail(3, 503);
        push(namespace + "/one", "v1");
        push(namespace + "/two", "v1");

        List<Received> delivered = receiver.await(r -> r.path().equals("/flaky/" + namespace), 2, WAIT);
        assertThat(delivered).extracting(r -> r.json().get("data").get("repository").asString())
                .containsExactlyInAnyOrder(namespace + "/one", namespace + "/two");
        List<Received> attempts = receiver.received().stream().filter(r -> r.path().equals("/flaky/" + namespace))
                .toList();
        assertThat(attempts.stream().filter(r -> r.answered() == 503)).isNotEmpty();
        // Every attempt of one event carried the same webhook-id; no event was delivered twice.
        assertThat(delivered.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(2);
        for (Received attempt : attempts) {
            String event = attempt.json().get("id").asString();
            assertThat(attempts.stream().filter(a -> a.json().get("id").asString().equals(event))
                    .map(a -> a.header("webhook-id")).distinct()).hasSize(1);
        }
    }

    @Test
    void clientError_failsAtOnce_andRedeliverSendsItAgainWithTheSameId() throws Exception {
        String namespace = unique();
        long id = subscribe(namespace, "/strict/" + namespace, "cloudevents", "manifest.pushed")
                .get("webhook").get("id").asLong();
        receiver.fail(1, 400);
        push(namespace + "/app", "v1");
        JsonNode delivery = awaitDeliveryState(id, "failed");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("history").get(0).get("status").asInt()).isEqualTo(400);

        HttpResponse<byte[]> again = client.send("POST", "/api/v1/webhooks/" + id + "/deliveries/"
                + delivery.get("id").asLong() + "/redeliver", new byte[0]);
        assertThat(again.statusCode()).as(RegistryClient.text(again)).isEqualTo(202);
        Received redelivered = receiver.await(r -> r.path().equals("/strict/" + namespace), 1, WAIT).get(0);
        assertThat(redelivered.header("webhook-id")).isEqualTo(delivery.get("webhookId").asString());
        assertThat(awaitDeliveryState(id, "delivered").get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void testEvent_reachesOnlyThatSubscription() throws Exception {
        String namespace = unique();
        long id = subscribe(namespace, "/test/" + namespace, "cloudevents", "manifest.pushed")
                .get("webhook").get("id").asLong();
        assertThat(client.send("POST", "/api/v1/webhooks/" + id + "/test", new byte[0]).statusCode()).isEqualTo(202);
        Received received = receiver.await(r -> r.path().equals("/test/" + namespace), 1, WAIT).get(0);
        assertThat(received.json().get("type").asString()).isEqualTo("dev.berth.webhook.test");
    }

    @Test
    void rolledBackPush_hasNoEvent_butTheQuotaRefusalHasOne() throws Exception {
        String namespace = unique();
        subscribe(namespace, "/quota/" + namespace, "cloudevents", "manifest.pushed", "quota.exceeded");
        // A manifest naming a blob the repository lacks is refused: its transaction never commits.
        byte[] orphan = TestImages.ociManifest("sha256:" + "a".repeat(64), 2, "sha256:" + "b".repeat(64), "3");
        assertThat(client.send("PUT", "/v2/" + namespace + "/app/manifests/v1", orphan, "Content-Type", OCI_MANIFEST)
                .statusCode()).isEqualTo(400);
        client.pushBlob(namespace + "/app", new byte[] {1});
        HttpResponse<byte[]> quota = client.send("PATCH", "/api/v1/namespaces/" + namespace,
                "{\"quotaBytes\":10}".getBytes(), "Content-Type", "application/json");
        assertThat(quota.statusCode()).as(RegistryClient.text(quota)).isEqualTo(200);
        byte[] big = new byte[1000];
        assertThat(client.send("POST", "/v2/" + namespace + "/app/blobs/uploads/?digest=" + RegistryClient.sha256(big),
                big, "Content-Type", "application/octet-stream").statusCode()).isEqualTo(403);

        Received refusal = receiver.await(r -> r.path().equals("/quota/" + namespace), 1, WAIT).get(0);
        assertThat(refusal.json().get("type").asString()).isEqualTo("dev.berth.quota.exceeded");
        Thread.sleep(1_000);
        assertThat(receiver.received().stream().filter(r -> r.path().equals("/quota/" + namespace))).hasSize(1);
    }

    @Test
    void filters_byRepositoryTagAndEventType_andPullsOnlyWhenAskedFor() throws Exception {
        String namespace = unique();
        subscribe(namespace, "/filtered/" + namespace, "cloudevents", List.of("manifest.pushed"), namespace + "/api*",
                "release-*");
        subscribe(namespace, "/pulls/" + namespace, "cloudevents", List.of("manifest.pulled"), null, null);
        push(namespace + "/web", "release-1");
        push(namespace + "/api", "dev");
        Pushed wanted = push(namespace + "/api-gateway", "release-2");
        client.get("/v2/" + namespace + "/api/manifests/dev");

        Received received = receiver.await(r -> r.path().equals("/filtered/" + namespace), 1, WAIT).get(0);
        assertThat(received.json().get("data").get("digest").asString()).isEqualTo(wanted.digest());
        Received pull = receiver.await(r -> r.path().equals("/pulls/" + namespace), 1, WAIT).get(0);
        assertThat(pull.json().get("type").asString()).isEqualTo("dev.berth.manifest.pulled");
        Thread.sleep(1_000);
        assertThat(receiver.received().stream().filter(r -> r.path().equals("/filtered/" + namespace))).hasSize(1);
        assertThat(receiver.received().stream().filter(r -> r.path().equals("/pulls/" + namespace))).hasSize(1);
    }

    @Test
    void badSubscriptions_areRefusedWithProblemDetails() {
        for (String body : List.of("{\"url\":\"ftp://example.com/\",\"events\":[\"manifest.pushed\"]}",
                "{\"url\":\"http://example.com/\",\"events\":[\"manifest.exploded\"]}",
                "{\"url\":\"http://example.com/\",\"events\":[]}",
                "{\"url\":\"http://example.com/\",\"events\":[\"manifest.pushed\"],\"format\":\"xml\"}",
                "{\"url\":\"http://example.com/\",\"events\":[\"manifest.pushed\"],\"secret\":\"plain\"}")) {
            HttpResponse<byte[]> refused = client.send("POST", "/api/v1/webhooks", body.getBytes(), "Content-Type",
                    "application/json");
            assertThat(refused.statusCode()).as(body + " -> " + RegistryClient.text(refused)).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).contains("problem+json"));
        }
    }

    // ---- helpers

    record Pushed(String digest, long size, String configDigest, int configSize) {
    }

    private static Pushed push(String repository, String tag) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"n\":\"" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = client.pushBlob(repository, config);
        byte[] layer = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        String layerDigest = client.pushBlob(repository, layer);
        byte[] manifest = TestImages.ociManifest(configDigest, config.length, layerDigest, Integer.toString(layer.length));
        return new Pushed(client.putManifest(repository, tag, OCI_MANIFEST, manifest), manifest.length, configDigest,
                config.length);
    }

    private static JsonNode subscribe(String namespace, String path, String format, String... events) {
        return subscribe(namespace, path, format, List.of(events), null, null);
    }

    private static JsonNode subscribe(String namespace, String path, String format, List<String> events,
                                      String repositoryPattern, String tagPattern) {
        StringBuilder body = new StringBuilder("{\"url\":\"" + receiver.url(path) + "\",\"namespace\":\"" + namespace
                + "\",\"format\":\"" + format + "\",\"events\":" + JSON.writeValueAsString(events));
        if (repositoryPattern != null) {
            body.append(",\"repositoryPattern\":\"").append(repositoryPattern).append('"');
        }
        if (tagPattern != null) {
            body.append(",\"tagPattern\":\"").append(tagPattern).append('"');
        }
        body.append('}');
        HttpResponse<byte[]> created = client.send("POST", "/api/v1/webhooks", body.toString().getBytes(),
                "Content-Type", "application/json");
        assertThat(created.statusCode()).as(RegistryClient.text(created)).isEqualTo(201);
        return JSON.readTree(created.body());
    }

    private static JsonNode awaitDeliveryState(long webhookId, String state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode page = JSON.readTree(client.get("/api/v1/webhooks/" + webhookId + "/deliveries").body());
            JsonNode first = page.get("items").get(0);
            if (first != null && first.get("state").asString().equals(state)) {
                return first;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no delivery became " + state + ": " + page);
            }
            Thread.sleep(100);
        }
    }

    /** Verifies the Standard Webhooks signature as a receiver would, from the headers and the raw body. */
    static void assertSigned(Received received, String secret) {
        try {
            String id = received.header("webhook-id");
            String timestamp = received.header("webhook-timestamp");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(received.body()));
            assertThat(received.header("webhook-signature")).isEqualTo(expected);
            assertThat(Long.parseLong(timestamp)).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data
                    .Offset.offset(600L));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static String unique() {
        return "wh" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
