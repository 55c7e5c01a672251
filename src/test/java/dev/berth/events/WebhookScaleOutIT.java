package dev.berth.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.BerthProcess;
import dev.berth.support.Postgres;
import dev.berth.support.RegistryClient;
import dev.berth.support.TestImages;
import dev.berth.support.WebhookApi;
import dev.berth.support.WebhookReceiver;
import dev.berth.support.WebhookReceiver.Received;

/**
 * Two Berth processes on one PostgreSQL schema (and one S3 prefix), both delivering: images pushed
 * through either reach each subscription exactly once, however the two workers' fan-outs and
 * claims interleave. One receiver answers at once; the other takes 300 ms per delivery, so both
 * replicas have several claims open at the same time. Each replica has its own
 * {@code berth.external-url}, which is the {@code source} of the CloudEvents it sends: that tells
 * which replica sent what.
 */
class WebhookScaleOutIT {

    private static final int IMAGES = 20;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataA;
    @TempDir
    Path dataB;

    @Test
    void twoReplicasOnOnePostgres_deliverEachEventOncePerSubscription() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<String> shared = new ArrayList<>(Postgres.properties("webhook_scale_" + suffix));
        shared.addAll(BerthHttpTest.s3Properties("webhook-scale-" + suffix, false));
        shared.addAll(List.of("berth.events.allow-private-targets=true", "berth.events.poll-interval=200ms"));
        int portA = BerthProcess.freePort();
        int portB = BerthProcess.freePort();
        while (portB == portA) {
            portB = BerthProcess.freePort();
        }
        String sourceA = "http://localhost:" + portA;
        String sourceB = "http://localhost:" + portB;
        try (WebhookReceiver fast = WebhookReceiver.start(); WebhookReceiver slow = WebhookReceiver.start();
             BerthProcess a = BerthProcess.start(dataA, portA, with(shared, "berth.external-url=" + sourceA));
             BerthProcess b = BerthProcess.start(dataB, portB, with(shared, "berth.external-url=" + sourceB))) {
            slow.delay(Duration.ofMillis(300));
            RegistryClient onA = a.client();
            RegistryClient onB = b.client();
            long fastId = WebhookApi.id(WebhookApi.subscribe(onA, fast.url("/fast"), "scale", "cloudevents",
                    "manifest.pushed"));
            long slowId = WebhookApi.id(WebhookApi.subscribe(onB, slow.url("/slow"), "scale", "cloudevents",
                    "manifest.pushed"));

            Set<String> pushed = new TreeSet<>();
            for (int i = 0; i < IMAGES; i++) {
                pushed.add(TestImages.pushUnique(i % 2 == 0 ? onA : onB, "scale/app" + i, "v" + i));
            }
            assertThat(pushed).hasSize(IMAGES);

            fast.await(r -> true, IMAGES, WAIT);
            slow.await(r -> true, IMAGES, WAIT);
            // Time for a second replica's duplicate, were there one, to arrive.
            Thread.sleep(2_000);
            for (WebhookReceiver receiver : List.of(fast, slow)) {
                List<Received> all = receiver.received();
                // The receivers never fail: every request is a delivery, none a retry or a duplicate.
                assertThat(all).allMatch(r -> r.answered() == 204).hasSize(IMAGES);
                assertThat(all.stream().map(r -> r.json().get("data").get("digest").asString())
                        .collect(Collectors.toSet())).isEqualTo(pushed);
                assertThat(all.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(IMAGES);
                assertThat(all.stream().map(r -> r.json().get("id").asString()).distinct()).hasSize(IMAGES);
                // Both replicas' workers took part.
                Set<String> senders = all.stream().map(r -> r.json().get("source").asString())
                        .map(source -> source.substring(0, source.indexOf("/v2/"))).collect(Collectors.toSet());
                assertThat(senders).as(receiver == fast ? "senders to the fast receiver" : "senders to the slow one")
                        .containsExactlyInAnyOrder(sourceA, sourceB);
            }
            // Either replica's log says the same: one delivery per event, delivered at the first attempt.
            for (long id : List.of(fastId, slowId)) {
                JsonNode deliveries = WebhookApi.deliveries(id % 2 == 0 ? onA : onB, id);
                assertThat(deliveries).hasSize(IMAGES);
                assertThat(deliveries.valueStream()).allSatisfy(delivery -> {
                    assertThat(delivery.get("state").asString()).isEqualTo("delivered");
                    assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
                });
            }
        }
    }

    private static List<String> with(List<String> shared, String more) {
        List<String> all = new ArrayList<>(shared);
        all.add(more);
        return all;
    }
}
