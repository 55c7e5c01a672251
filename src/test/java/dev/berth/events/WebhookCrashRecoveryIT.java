package dev.berth.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import dev.berth.support.BerthProcess;
import dev.berth.support.RegistryClient;
import dev.berth.support.TestImages;
import dev.berth.support.WebhookApi;
import dev.berth.support.WebhookReceiver;
import dev.berth.support.WebhookReceiver.Received;

/**
 * Berth killed with SIGKILL while its deliveries are pending (some waiting for their retry, some
 * in the middle of being sent, which the receiver accepts though the dead process never hears of
 * it, and one push acknowledged just before the kill) and started again on the same data
 * directory: every event still reaches the receiver, under the one webhook-id it was first tried
 * with, and is not sent again once recorded as delivered. The process is the
 * packaged jar on a file H2, so nothing of the first run survives but what it committed.
 */
class WebhookCrashRecoveryIT {

    private static final int IMAGES = 6;
    private static final String PATH = "/crash";

    @TempDir
    Path data;

    @Test
    void killedWithDeliveriesPending_restartedOnTheSameData_deliversEveryEventUnderOneWebhookId() throws Exception {
        // timeout=2s: a claim held by the killed process expires 3 x 2 s + 30 s after it was taken.
        List<String> settings = List.of("berth.events.allow-private-targets=true",
                "berth.events.poll-interval=200ms", "berth.events.timeout=2s");
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.fail(Integer.MAX_VALUE, 503);
            receiver.delay(Duration.ofMillis(1000));

            BerthProcess first = BerthProcess.start(data, settings);
            Set<String> pushed = new TreeSet<>();
            String secret;
            long webhook;
            try {
                RegistryClient client = first.client();
                JsonNode created = WebhookApi.subscribe(client, receiver.url(PATH), "crash", "cloudevents",
                        "manifest.pushed");
                secret = created.get("secret").asString();
                webhook = WebhookApi.id(created);
                for (int i = 0; i < IMAGES - 1; i++) {
                    pushed.add(TestImages.pushUnique(client, "crash/app" + i, "v1"));
                }
                // Every event was fanned out and tried (and refused) at least once, and an attempt is
                // in flight: its claim belongs to the process about to die.
                awaitUntil(() -> eventIds(receiver.received()).size() == IMAGES - 1 && receiver.inFlight() > 0,
                        Duration.ofSeconds(30), () -> "attempts so far: " + receiver.received().size());
                // And one push acknowledged just before the kill: its image and event must survive it too.
                pushed.add(TestImages.pushUnique(client, "crash/last", "v1"));
                first.kill();
            } finally {
                first.close();
            }
            Instant killed = Instant.now();
            // What is still in flight the receiver accepts, but the dead process never hears of it.
            receiver.fail(0, 503);
            receiver.delay(Duration.ZERO);
            awaitUntil(() -> receiver.inFlight() == 0, Duration.ofSeconds(10), () -> "still in flight");
            List<Received> beforeRestart = receiver.received();
            long acceptedUnheard = beforeRestart.stream().filter(r -> r.answered() < 300).count();
            assertThat(acceptedUnheard).as("attempts in flight at the kill").isPositive();

            try (BerthProcess second = first.restart()) {
                assertThat(second.client().head("/v2/crash/last/manifests/v1").statusCode())
                        .as("the push acknowledged just before the kill").isEqualTo(200);
                // Those are sent again once the dead process's claim expires: at least once, same webhook-id.
                List<Received> delivered = receiver.await(r -> r.path().equals(PATH), IMAGES + (int) acceptedUnheard,
                        Duration.ofSeconds(90));
                Instant last = delivered.stream().map(Received::at).max(Instant::compareTo).orElseThrow();
                System.out.printf("%s: %d attempts before the kill, %d of them accepted unheard; all delivered"
                                + " %d ms after the kill%n", getClass().getSimpleName(), beforeRestart.size(),
                        acceptedUnheard, Duration.between(killed, last).toMillis());

                assertThat(delivered.stream().map(r -> r.json().get("data").get("digest").asString())
                        .collect(Collectors.toSet())).isEqualTo(pushed);
                assertThat(delivered.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(IMAGES);
                delivered.forEach(r -> WebhookApi.assertSigned(r, secret));

                // Each event went out under one webhook-id, before the kill and after it.
                Map<String, Set<String>> keysByEvent = receiver.received().stream().collect(Collectors.groupingBy(
                        r -> r.json().get("id").asString(),
                        Collectors.mapping(r -> r.header("webhook-id"), Collectors.toSet())));
                assertThat(keysByEvent).hasSize(IMAGES).allSatisfy((event, keys) ->
                        assertThat(keys).as("webhook-ids of event " + event).hasSize(1));

                // The log agrees: every delivery delivered, after the refused attempts the first run recorded.
                JsonNode deliveries = WebhookApi.await(() -> WebhookApi.deliveries(second.client(), webhook),
                        items -> items.size() == IMAGES && items.valueStream()
                                .allMatch(d -> d.get("state").asString().equals("delivered")),
                        Duration.ofSeconds(10));
                assertThat(deliveries.valueStream().mapToInt(d -> d.get("attempts").asInt()).sum())
                        .isGreaterThan(IMAGES);

                // Nothing more arrives: once recorded as delivered, no event is sent again.
                Thread.sleep(1_500);
                assertThat(receiver.received().stream().filter(r -> r.answered() < 300))
                        .hasSize(IMAGES + (int) acceptedUnheard);
            }
        }
    }

    private static Set<String> eventIds(List<Received> received) {
        return received.stream().map(r -> r.json().get("id").asString()).collect(Collectors.toSet());
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout,
                                   java.util.function.Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout + "; " + state.get());
            }
            Thread.sleep(10);
        }
    }
}
