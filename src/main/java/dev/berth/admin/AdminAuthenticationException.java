package dev.berth.admin;

import java.time.Duration;

/** The caller has no (accepted) credentials: answered 401 with a challenge, or 429 when throttled. */
final class AdminAuthenticationException extends RuntimeException {

    private final Duration retryAfter;

    AdminAuthenticationException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
