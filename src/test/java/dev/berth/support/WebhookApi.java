package dev.berth.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.assertj.core.data.Offset;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.support.WebhookReceiver.Received;

/**
 * {@code /api/v1/webhooks} as the webhook tests use it: subscribing, reading a subscription and its
 * delivery log until it shows what the test waits for, and checking a delivery's signature the
 * way a receiver following Standard Webhooks would.
 */
public final class WebhookApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WebhookApi() {
    }

    /** Subscribes {@code url} to {@code events} of {@code namespace}; fails unless answered 201. */
    public static JsonNode subscribe(RegistryClient client, String url, String namespace, String format,
                                     String... events) {
        HttpResponse<byte[]> created = create(client, url, namespace, format, events);
        assertThat(created.statusCode()).as(RegistryClient.text(created)).isEqualTo(201);
        return JSON.readTree(created.body());
    }

    /** The answer to a subscription request, whatever it is. */
    public static HttpResponse<byte[]> create(RegistryClient client, String url, String namespace, String format,
                                              String... events) {
        String body = "{\"url\":" + JSON.writeValueAsString(url)
                + (namespace == null ? "" : ",\"namespace\":\"" + namespace + "\"")
                + ",\"format\":\"" + format + "\",\"events\":" + JSON.writeValueAsString(List.of(events)) + "}";
        return client.send("POST", "/api/v1/webhooks", body.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
    }

    /** The subscription's id in the answer to its creation. */
    public static long id(JsonNode created) {
        return created.get("webhook").get("id").asLong();
    }

    public static JsonNode get(RegistryClient client, long id) {
        HttpResponse<byte[]> found = client.get("/api/v1/webhooks/" + id);
        assertThat(found.statusCode()).as(RegistryClient.text(found)).isEqualTo(200);
        return JSON.readTree(found.body());
    }

    /** The newest 100 deliveries of the subscription, newest first. */
    public static JsonNode deliveries(RegistryClient client, long id) {
        HttpResponse<byte[]> page = client.get("/api/v1/webhooks/" + id + "/deliveries?size=100");
        assertThat(page.statusCode()).as(RegistryClient.text(page)).isEqualTo(200);
        return JSON.readTree(page.body()).get("items");
    }

    /** Reads {@code read} until what it returns satisfies {@code done}; fails after {@code timeout}. */
    public static JsonNode await(java.util.function.Supplier<JsonNode> read, Predicate<JsonNode> done,
                                 Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode value = read.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout + "; last seen: " + value);
            }
            Thread.sleep(100);
        }
    }

    /** Verifies the Standard Webhooks signature from the headers and the raw body, and that the timestamp is now. */
    public static void assertSigned(Received received, String secret) {
        try {
            String id = received.header("webhook-id");
            String timestamp = received.header("webhook-timestamp");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(received.body()));
            assertThat(received.header("webhook-signature")).as("signature of " + id).isEqualTo(expected);
            assertThat(Long.parseLong(timestamp)).isCloseTo(System.currentTimeMillis() / 1000, Offset.offset(600L));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
