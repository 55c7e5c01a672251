package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;
import dev.berth.support.WebhookApi;
import dev.berth.support.WebhookReceiver;
import dev.berth.support.WebhookReceiver.Received;

/**
 * What a real client's changes send to webhooks: skopeo copies an OCI layout into Berth, the tag
 * is deleted and a cosign-style signature (a manifest whose {@code subject} is the image) is
 * pushed. One subscription gets CloudEvents, another Distribution notifications; both are signed
 * with their own secret, and both name the digest skopeo itself reports having pushed.
 */
class WebhookClientsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
    private static final String EMPTY = "application/vnd.oci.empty.v1+json";
    private static final String[] EVENTS = {"manifest.pushed", "tag.deleted", "artifact.pushed"};

    @TempDir
    static Path servers;
    private static StandaloneBerth berth;
    private static WebhookReceiver receiver;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        receiver = WebhookReceiver.start();
        berth = StandaloneBerth.start(servers.resolve("berth"), "berth.events.allow-private-targets=true",
                "berth.events.poll-interval=200ms");
    }

    @AfterAll
    static void stop() {
        if (berth != null) {
            berth.close();
        }
        receiver.close();
    }

    @Test
    void skopeoPush_tagDelete_andSignature_reachBothFormats_signed() throws Exception {
        RegistryClient client = berth.client();
        String cloudEventsSecret = WebhookApi.subscribe(client, receiver.url("/ce"), "skopeo", "cloudevents", EVENTS)
                .get("secret").asString();
        String distributionSecret = WebhookApi.subscribe(client, receiver.url("/dist"), "skopeo", "distribution",
                EVENTS).get("secret").asString();

        OciLayoutWriter layout = new OciLayoutWriter(temp.resolve("layout"));
        OciLayoutWriter.Image image = layout.image("amd64", OciLayoutWriter.files("hello.txt", "pushed by skopeo\n"));
        layout.tag("v1", image.manifest());
        Skopeo skopeo = new Skopeo(temp.resolve("skopeo"));
        String host = "127.0.0.1:" + berth.port();
        skopeo.login(host, Credentials.admin());
        String digest = skopeo.push(layout.dir(), "v1", host + "/skopeo/app:v1");
        assertThat(digest).isEqualTo(image.manifest().digest());

        // The push.
        JsonNode pushed = cloudEvent("dev.berth.manifest.pushed");
        assertThat(pushed.get("subject").asString()).isEqualTo("skopeo/app@" + digest);
        assertThat(pushed.get("data").get("repository").asString()).isEqualTo("skopeo/app");
        assertThat(pushed.get("data").get("digest").asString()).isEqualTo(digest);
        assertThat(pushed.get("data").get("tags").toString()).isEqualTo("[\"v1\"]");
        assertThat(pushed.get("data").get("mediaType").asString()).isEqualTo(OciLayoutWriter.MANIFEST);
        assertThat(pushed.get("data").get("actor").asString()).isEqualTo("admin");
        JsonNode pushTarget = notification(e -> e.get("action").asString().equals("push")
                && e.get("target").has("tag")).get("target");
        assertThat(pushTarget.get("repository").asString()).isEqualTo("skopeo/app");
        assertThat(pushTarget.get("digest").asString()).isEqualTo(digest);
        assertThat(pushTarget.get("tag").asString()).isEqualTo("v1");
        assertThat(pushTarget.get("size").asLong()).isEqualTo(image.manifest().size());

        // A signature of it, referring to it by subject, pushed by digest.
        String signatureDigest = pushSignature(client, "skopeo/app", image.manifest(), host);
        JsonNode artifact = cloudEvent("dev.berth.artifact.pushed");
        assertThat(artifact.get("data").get("digest").asString()).isEqualTo(signatureDigest);
        assertThat(artifact.get("data").get("subject").asString()).isEqualTo(digest);
        assertThat(artifact.get("subject").asString()).isEqualTo("skopeo/app@" + signatureDigest);
        JsonNode signatureTarget = notification(e -> e.get("action").asString().equals("push")
                && e.get("target").get("digest").asString().equals(signatureDigest)).get("target");
        assertThat(signatureTarget.has("tag")).isFalse();

        // The tag deleted: the manifest stays, the event names the tag and what it pointed at.
        assertThat(client.delete("/v2/skopeo/app/manifests/v1").statusCode()).isEqualTo(202);
        JsonNode deleted = cloudEvent("dev.berth.tag.deleted");
        assertThat(deleted.get("data").get("tags").toString()).isEqualTo("[\"v1\"]");
        assertThat(deleted.get("data").get("digest").asString()).isEqualTo(digest);
        JsonNode deleteTarget = notification(e -> e.get("action").asString().equals("delete")).get("target");
        assertThat(deleteTarget.get("digest").asString()).isEqualTo(digest);
        assertThat(deleteTarget.get("tag").asString()).isEqualTo("v1");
        assertThat(deleteTarget.get("repository").asString()).isEqualTo("skopeo/app");

        // Three changes, three deliveries to each subscription, each signed with its own secret.
        Thread.sleep(1_000);
        List<Received> cloudEvents = at("/ce");
        List<Received> notifications = at("/dist");
        assertThat(cloudEvents).hasSize(3).allSatisfy(r -> {
            assertThat(r.header("Content-Type")).isEqualTo("application/cloudevents+json");
            WebhookApi.assertSigned(r, cloudEventsSecret);
        });
        assertThat(notifications).hasSize(3).allSatisfy(r -> {
            assertThat(r.header("Content-Type")).isEqualTo("application/vnd.docker.distribution.events.v1+json");
            WebhookApi.assertSigned(r, distributionSecret);
        });
        assertThat(cloudEvents.stream().map(r -> r.header("webhook-id")))
                .doesNotContainAnyElementsOf(notifications.stream().map(r -> r.header("webhook-id")).toList());
    }

    /**
     * Pushes a signature the way cosign does with OCI 1.1 referrers: an empty config, the
     * simple-signing payload as the layer (signature in an annotation), the image as subject.
     */
    private static String pushSignature(RegistryClient client, String repository, OciLayoutWriter.Descriptor image,
                                        String host) {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        String configDigest = client.pushBlob(repository, config);
        byte[] payload = ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + host + "/" + repository
                + "\"},\"image\":{\"docker-manifest-digest\":\"" + image.digest()
                + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}")
                .getBytes(StandardCharsets.UTF_8);
        String payloadDigest = client.pushBlob(repository, payload);
        String signature = Base64.getEncoder().encodeToString("not a real signature".getBytes(StandardCharsets.UTF_8));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OciLayoutWriter.MANIFEST
                + "\",\"artifactType\":\"" + SIMPLE_SIGNING + "\",\"config\":{\"mediaType\":\"" + EMPTY
                + "\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\""
                + SIMPLE_SIGNING + "\",\"digest\":\"" + payloadDigest + "\",\"size\":" + payload.length
                + ",\"annotations\":{\"dev.cosignproject.cosign/signature\":\"" + signature + "\"}}],\"subject\":"
                + new OciLayoutWriter.Descriptor(image.mediaType(), image.digest(), image.size(), null).json() + "}").getBytes(StandardCharsets.UTF_8);
        return client.putManifest(repository, RegistryClient.sha256(manifest), OciLayoutWriter.MANIFEST, manifest);
    }

    /** The CloudEvent of {@code type}, waiting for it. */
    private static JsonNode cloudEvent(String type) {
        return receiver.await(r -> r.path().equals("/ce") && r.json().get("type").asString().equals(type), 1, WAIT)
                .get(0).json();
    }

    /** The Distribution event (one of an envelope's {@code events}) {@code matching}, waiting for it. */
    private static JsonNode notification(Predicate<JsonNode> matching) {
        Predicate<Received> has = r -> r.path().equals("/dist")
                && r.json().get("events").valueStream().anyMatch(matching);
        return receiver.await(has, 1, WAIT).get(0).json().get("events").valueStream().filter(matching).findFirst()
                .orElseThrow();
    }

    private static List<Received> at(String path) {
        return receiver.received().stream().filter(r -> r.path().equals(path)).toList();
    }
}
