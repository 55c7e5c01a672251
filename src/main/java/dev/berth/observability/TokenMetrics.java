package dev.berth.observability;

import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code berth.tokens.issued} and {@code berth.tokens.refused} (tagged with the reason), for the
 * token service to call. Reasons are a small fixed vocabulary chosen by the caller
 * ({@code bad_credentials}, {@code unknown_user}, {@code invalid_scope}, ...): a reason that is not
 * a short lower-case word is counted as {@code other}, so no user input can become a tag value.
 */
@Component
public class TokenMetrics {

    static final String OTHER = "other";

    private static final Pattern REASON = Pattern.compile("[a-z0-9_]{1,32}");

    private final MeterRegistry registry;
    private final Counter issued;

    TokenMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.issued = Counter.builder("berth.tokens.issued").description("Bearer tokens issued by /token")
                .register(registry);
    }

    /** A token was issued. */
    public void tokenIssued() {
        issued.increment();
    }

    /** A token request was refused, for {@code reason} (a fixed word such as {@code bad_credentials}). */
    public void tokenRefused(String reason) {
        String tag = reason != null && REASON.matcher(reason).matches() ? reason : OTHER;
        Counter.builder("berth.tokens.refused").description("Token requests refused by /token, by reason")
                .tag("reason", tag)
                .register(registry)
                .increment();
    }
}
