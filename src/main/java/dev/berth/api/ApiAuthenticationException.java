package dev.berth.api;

import java.time.Duration;

/** The caller has no (accepted) credentials: answered 401 with a challenge, or 429 when throttled. */
public final class ApiAuthenticationException extends RuntimeException {

    private final Duration retryAfter;

    public ApiAuthenticationException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
