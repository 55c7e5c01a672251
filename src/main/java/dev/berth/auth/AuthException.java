package dev.berth.auth;

import java.time.Duration;

/**
 * Credentials were refused. The web layer answers 401 with a challenge, or 429 when
 * {@link #retryAfter()} is set.
 */
public class AuthException extends RuntimeException {

    private final Duration retryAfter;

    public AuthException(String message) {
        this(message, null);
    }

    public AuthException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    /** When the caller was throttled: how long until it may try again; null otherwise. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean throttled() {
        return retryAfter != null;
    }
}
