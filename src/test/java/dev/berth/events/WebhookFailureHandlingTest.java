package dev.berth.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;
import dev.berth.support.TestImages;
import dev.berth.support.WebhookApi;
import dev.berth.support.WebhookReceiver;
import dev.berth.support.WebhookReceiver.Received;

/**
 * How delivery treats receivers that do not simply accept: a 429 with {@code Retry-After} is
 * retried no sooner than it asks; a redirect is not followed (to loopback here, where private
 * targets are allowed, so only the redirect rule stops it) and fails the delivery; a receiver that
 * fails for longer than {@code berth.events.disable-after} (2 s here) gets its subscription
 * disabled, with a reason and an audit event, and nothing more is sent to it.
 */
class WebhookFailureHandlingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static StandaloneBerth berth;
    private static RegistryClient client;

    @BeforeAll
    static void start() throws Exception {
        berth = StandaloneBerth.start(Files.createTempDirectory("webhook-failures"),
                "berth.events.allow-private-targets=true", "berth.events.poll-interval=200ms",
                "berth.events.timeout=2s", "berth.events.disable-after=2s");
        client = berth.client();
    }

    @AfterAll
    static void stop() {
        berth.close();
    }

    @Test
    void retryAfter_isWaitedFor_beforeTheRetry() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.fail(1, 429, "Retry-After", "2");
            String namespace = unique();
            long id = WebhookApi.id(WebhookApi.subscribe(client, receiver.url("/busy"), namespace, "cloudevents",
                    "manifest.pushed"));
            TestImages.pushUnique(client, namespace + "/app", "v1");

            receiver.await(r -> true, 1, WAIT);
            List<Received> attempts = receiver.received();
            assertThat(attempts).extracting(Received::answered).containsExactly(429, 204);
            // Without Retry-After the first retry comes 0.5 to 1.5 s later; asked for 2 s, it waits them.
            Duration between = Duration.between(attempts.get(0).at(), attempts.get(1).at());
            assertThat(between).isGreaterThanOrEqualTo(Duration.ofMillis(1_950)).isLessThan(Duration.ofSeconds(5));
            assertThat(attempts.get(1).header("webhook-id")).isEqualTo(attempts.get(0).header("webhook-id"));

            JsonNode delivery = WebhookApi.await(() -> WebhookApi.deliveries(client, id),
                    items -> items.size() == 1 && items.get(0).get("state").asString().equals("delivered"), WAIT).get(0);
            assertThat(delivery.get("attempts").asInt()).isEqualTo(2);
            assertThat(delivery.get("history").get(0).get("status").asInt()).isEqualTo(429);
            assertThat(WebhookApi.get(client, id).get("enabled").asBoolean()).isTrue();
        }
    }

    @Test
    void redirect_isNotFollowed_andFailsTheDelivery() throws Exception {
        try (WebhookReceiver elsewhere = WebhookReceiver.start(); WebhookReceiver redirecting = WebhookReceiver.start()) {
            redirecting.fail(Integer.MAX_VALUE, 302, "Location", elsewhere.url("/stolen"));
            String namespace = unique();
            long id = WebhookApi.id(WebhookApi.subscribe(client, redirecting.url("/hook"), namespace, "cloudevents",
                    "manifest.pushed"));
            TestImages.pushUnique(client, namespace + "/app", "v1");

            JsonNode delivery = WebhookApi.await(() -> WebhookApi.deliveries(client, id),
                    items -> items.size() == 1 && items.get(0).get("state").asString().equals("failed"), WAIT).get(0);
            assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
            JsonNode attempt = delivery.get("history").get(0);
            assertThat(attempt.get("status").asInt()).isEqualTo(302);
            assertThat(attempt.get("error").asString()).contains("redirects are not followed");
            Thread.sleep(1_000);
            assertThat(redirecting.received()).hasSize(1);
            assertThat(elsewhere.received()).isEmpty();
        }
    }

    @Test
    void failingLongerThanDisableAfter_disablesTheSubscription_withAReasonAndAnAuditEvent() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.fail(Integer.MAX_VALUE, 503);
            String namespace = unique();
            long id = WebhookApi.id(WebhookApi.subscribe(client, receiver.url("/down"), namespace, "cloudevents",
                    "manifest.pushed"));
            TestImages.pushUnique(client, namespace + "/app", "v1");

            JsonNode webhook = WebhookApi.await(() -> WebhookApi.get(client, id),
                    view -> !view.get("enabled").asBoolean(), WAIT);
            assertThat(webhook.get("disabledReason").asString()).isNotBlank();
            assertThat(webhook.get("failingSince").isNull()).isFalse();
            int sent = receiver.received().size();
            assertThat(sent).isGreaterThanOrEqualTo(2);
            // It took more than disable-after from the first failure to the one that disabled it.
            List<Received> attempts = receiver.received();
            assertThat(Duration.between(attempts.get(0).at(), attempts.get(attempts.size() - 1).at()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));

            JsonNode audit = JSON.readTree(client.get("/api/v1/audit?size=100").body()).get("items");
            assertThat(audit.valueStream().filter(event -> event.get("action").asString().equals("webhook-disable")
                    && event.get("target").asString().equals("webhook " + id))).hasSize(1);

            // Its pending retry ends as failed without being sent, and new events make no deliveries.
            JsonNode delivery = WebhookApi.await(() -> WebhookApi.deliveries(client, id),
                    items -> items.get(0).get("state").asString().equals("failed"), WAIT).get(0);
            JsonNode history = delivery.get("history");
            assertThat(history.get(history.size() - 1).get("error").asString()).contains("disabled");
            TestImages.pushUnique(client, namespace + "/app", "v2");
            Thread.sleep(1_500);
            assertThat(WebhookApi.deliveries(client, id)).hasSize(1);
            assertThat(receiver.received()).hasSize(sent);
        }
    }

    @Test
    void receiverTricklingItsAnswer_isCutOffAtTheTimeout() throws Exception {
        // Answers one header byte every 300 ms, for 15 s: no single read waits the 2 s timeout.
        try (TricklingReceiver trickling = new TricklingReceiver(Duration.ofMillis(300), 50)) {
            String namespace = unique();
            long id = WebhookApi.id(WebhookApi.subscribe(client, trickling.url(), namespace, "cloudevents",
                    "manifest.pushed"));
            TestImages.pushUnique(client, namespace + "/app", "v1");

            JsonNode attempt = WebhookApi.await(() -> WebhookApi.deliveries(client, id),
                    items -> items.size() == 1 && !items.get(0).get("history").isEmpty(), WAIT)
                    .get(0).get("history").get(0);
            assertThat(attempt.get("durationMs").asLong()).as(attempt.toString()).isLessThan(4_000);
            assertThat(attempt.get("status").isNull()).as(attempt.toString()).isTrue();
            assertThat(attempt.get("error").asString()).contains("no answer within 2 s");
        }
    }

    /** A receiver on a raw socket that sends its answer's head a byte at a time, each after {@code pause}. */
    private static final class TricklingReceiver implements AutoCloseable {

        private final java.net.ServerSocket server = new java.net.ServerSocket(0, 10,
                java.net.InetAddress.getLoopbackAddress());
        private final Thread thread;

        TricklingReceiver(Duration pause, int padding) throws java.io.IOException {
            byte[] head = ("HTTP/1.1 204 No Content\r\nX-Padding: " + "x".repeat(padding) + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket socket = server.accept()) {
                        socket.getInputStream().read(new byte[8192]);
                        java.io.OutputStream out = socket.getOutputStream();
                        for (byte b : head) {
                            out.write(b);
                            out.flush();
                            Thread.sleep(pause.toMillis());
                        }
                    } catch (java.io.IOException | InterruptedException e) {
                        // the sender hung up, or the test is over
                    }
                }
            }, "trickling-receiver");
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/trickle";
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
            thread.interrupt();
        }
    }

    private static String unique() {
        return "wf" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
