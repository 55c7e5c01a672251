package dev.berth.web;

import java.time.Duration;

import dev.berth.oci.OciErrorCode;

/**
 * A refused token request: answered with the OAuth2 error body ({@code error},
 * {@code error_description}) that token clients read, and the registry's {@code errors} list that
 * docker reads, by {@link RegistryErrorAdvice}.
 *
 * @param status     the HTTP status (400, 401 or 429)
 * @param oauthError the OAuth2 error code ({@code invalid_request}, {@code invalid_grant}, ...)
 * @param retryAfter for a throttled caller, how long to wait; null otherwise
 */
public final class TokenRefusal extends RuntimeException {

    private final int status;
    private final OciErrorCode code;
    private final String oauthError;
    private final Duration retryAfter;

    public TokenRefusal(int status, OciErrorCode code, String oauthError, String description, Duration retryAfter) {
        super(description, null, false, false);
        this.status = status;
        this.code = code;
        this.oauthError = oauthError;
        this.retryAfter = retryAfter;
    }

    public static TokenRefusal invalidRequest(String description) {
        return new TokenRefusal(400, OciErrorCode.UNSUPPORTED, "invalid_request", description, null);
    }

    public static TokenRefusal invalidGrant(String description) {
        return new TokenRefusal(401, OciErrorCode.UNAUTHORIZED, "invalid_grant", description, null);
    }

    public static TokenRefusal throttled(String description, Duration retryAfter) {
        return new TokenRefusal(429, OciErrorCode.TOOMANYREQUESTS, "too_many_requests", description, retryAfter);
    }

    int status() {
        return status;
    }

    OciErrorCode code() {
        return code;
    }

    String oauthError() {
        return oauthError;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
