package dev.berth.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

class TokenMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TokenMetrics tokens = new TokenMetrics(registry);

    @Test
    void tokenIssued_countsEachToken() {
        tokens.tokenIssued();
        tokens.tokenIssued();

        assertThat(registry.get("berth.tokens.issued").counter().count()).isEqualTo(2);
    }

    @Test
    void tokenRefused_fixedReason_isTheTag() {
        tokens.tokenRefused("bad_credentials");

        assertThat(registry.get("berth.tokens.refused").tag("reason", "bad_credentials").counter().count())
                .isEqualTo(1);
    }

    @Test
    void tokenRefused_freeText_isCountedAsOther() {
        tokens.tokenRefused("user alice@example.com not found");
        tokens.tokenRefused(null);

        assertThat(registry.get("berth.tokens.refused").tag("reason", TokenMetrics.OTHER).counter().count())
                .isEqualTo(2);
        assertThat(registry.get("berth.tokens.refused").counters()).hasSize(1);
    }
}
