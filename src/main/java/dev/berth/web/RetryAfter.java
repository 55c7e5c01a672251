package dev.berth.web;

import java.time.Duration;

/**
 * The {@code Retry-After} header of every throttled answer ({@code /v2}, {@code /token},
 * {@code /api/v1}): whole seconds, at least one, so a client never retries at once.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110#name-retry-after">RFC 9110: Retry-After</a>
 */
public final class RetryAfter {

    public static final String HEADER = "Retry-After";

    private RetryAfter() {
    }

    /** The header's value for a wait of {@code wait}. */
    public static String seconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Long.toString(Math.max(1, seconds));
    }
}
