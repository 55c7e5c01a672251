package dev.berth.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.config.EventProperties;
import dev.berth.metadata.EventRows.DueDelivery;
import dev.berth.metadata.EventRows.EventRow;
import dev.berth.metadata.WebhookRows.WebhookRow;

/** The rules of delivery that need no receiver: backoff, which events a subscription wants, which targets are refused. */
class DeliveryRulesTest {

    @Test
    void backoff_doublesWithJitter_isCappedAtAnHour_andHonoursRetryAfter() {
        for (int i = 0; i < 50; i++) {
            assertThat(DeliveryWorker.backoff(1, null)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
            assertThat(DeliveryWorker.backoff(5, null)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(24));
            assertThat(DeliveryWorker.backoff(40, null)).isLessThanOrEqualTo(Duration.ofHours(1));
        }
        assertThat(DeliveryWorker.backoff(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(DeliveryWorker.backoff(1, Duration.ofDays(2))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void fairShare_givesEachSubscriptionAtMostHalfTheSenders_leastBusyFirst() {
        FairShare share = FairShare.forSenders(8);
        Map<Long, List<DueDelivery>> due = Map.of(
                1L, List.of(new DueDelivery(10, 1), new DueDelivery(11, 1), new DueDelivery(12, 1),
                        new DueDelivery(13, 1), new DueDelivery(14, 1)),
                2L, List.of(new DueDelivery(20, 2)),
                3L, List.of(new DueDelivery(30, 3), new DueDelivery(31, 3)));
        // Subscription 1 (a slow receiver) already has 3 in flight: it gets one more, the others all theirs.
        List<DueDelivery> chosen = share.choose(due, Map.of(1L, 3), 5);
        assertThat(chosen).extracting(DueDelivery::id).containsExactly(20L, 30L, 10L, 31L);
        // Alone, a subscription still uses its whole share, oldest first.
        assertThat(share.choose(Map.of(1L, due.get(1L)), Map.of(), 8)).extracting(DueDelivery::id)
                .containsExactly(10L, 11L, 12L, 13L);
        assertThat(share.choose(due, Map.of(), 2)).hasSize(2);
        assertThat(share.room(1, Map.of(1L, 4))).isZero();
        assertThat(FairShare.forSenders(1).room(1, Map.of())).isEqualTo(1);
    }

    @Test
    void subscription_wantsItsEventsNamespaceRepositoriesAndTags() {
        Subscription scoped = Subscription.of(webhook("team", "manifest.pushed,tag.deleted", "team/api*", "release-*"));
        assertThat(scoped.wants(event("manifest.pushed", "team", "team/api", "release-1"))).isTrue();
        assertThat(scoped.wants(event("manifest.pushed", "team", "team/api-gw", "release-1,latest"))).isTrue();
        assertThat(scoped.wants(event("manifest.pushed", "team", "team/api", "dev"))).isFalse();
        assertThat(scoped.wants(event("manifest.pushed", "team", "team/web", "release-1"))).isFalse();
        assertThat(scoped.wants(event("manifest.pushed", "other", "other/api", "release-1"))).isFalse();
        assertThat(scoped.wants(event("manifest.pulled", "team", "team/api", "release-1"))).isFalse();
        assertThat(scoped.wants(event("manifest.pushed", "team", "team/api/sub", "release-1"))).isFalse();

        Subscription global = Subscription.of(webhook(null, "gc.finished,manifest.pushed", null, null));
        assertThat(global.wants(event("gc.finished", null, null, ""))).isTrue();
        assertThat(global.wants(event("manifest.pushed", "any", "any/thing", ""))).isTrue();
        Subscription deep = Subscription.of(webhook(null, "manifest.pushed", "team/**", null));
        assertThat(deep.wants(event("manifest.pushed", "team", "team/a/b/c", ""))).isTrue();
        assertThat(deep.wants(event("manifest.pushed", "team", "teams/a", ""))).isFalse();
    }

    @Test
    void targets_internalAddressesAndBadUrls_areRefused() throws Exception {
        for (String address : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "0.0.0.0", "100.64.0.1", "::1", "fe80::1", "fd00::1")) {
            assertThat(TargetPolicy.isInternal(InetAddress.getByName(address))).as(address).isTrue();
        }
        for (String address : List.of("8.8.8.8", "1.1.1.1", "2606:4700:4700::1111")) {
            assertThat(TargetPolicy.isInternal(InetAddress.getByName(address))).as(address).isFalse();
        }
        TargetPolicy strict = new TargetPolicy(properties(false, List.of()));
        assertThatThrownBy(() -> strict.check("ftp://example.com/")).hasMessageContaining("http");
        assertThatThrownBy(() -> strict.check("http://user:pw@example.com/")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> strict.check("http://127.0.0.1:8080/hook")).hasMessageContaining("allow-private-targets");
        assertThatThrownBy(() -> strict.check("http://[::1]/hook")).hasMessageContaining("allow-private-targets");
        assertThat(new TargetPolicy(properties(false, List.of("127.0.0.1"))).check("http://127.0.0.1:8080/hook"))
                .hasToString("http://127.0.0.1:8080/hook");
        assertThat(new TargetPolicy(properties(true, List.of())).check("http://10.0.0.1/")).isNotNull();
    }

    @Test
    void secrets_areOfTheStandardWebhooksForm() {
        assertThat(WebhookSecrets.generate()).startsWith("whsec_").hasSizeGreaterThan(40);
        assertThatThrownBy(() -> WebhookSecrets.checked("secret")).hasMessageContaining("whsec_");
        assertThatThrownBy(() -> WebhookSecrets.checked("whsec_c2hvcnQ=")).hasMessageContaining("24 to 64");
        String chosen = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(WebhookSecrets.checked(chosen)).isEqualTo(chosen);
    }

    private static EventProperties properties(boolean allowPrivate, List<String> allowed) {
        return new EventProperties(true, allowPrivate, allowed, Duration.ofSeconds(10), Duration.ofHours(24),
                Duration.ofDays(3), Duration.ofSeconds(1), 8);
    }

    private static WebhookRow webhook(String namespace, String events, String repositoryPattern, String tagPattern) {
        return new WebhookRow(1, namespace, "http://example.com/", events, repositoryPattern, tagPattern, "cloudevents",
                new byte[0], true, "admin", Instant.now(), null, null);
    }

    private static EventRow event(String type, String namespace, String repository, String tags) {
        return new EventRow(1, "id", type, namespace, repository, tags, Instant.now(), new byte[0]);
    }
}
