package dev.berth.web;

import java.time.Duration;

import dev.berth.oci.OciErrorCode;

/**
 * A request the registry refuses for want of credentials or rights: answered 401 with a Bearer
 * challenge naming the scope the request needs, or 429 when the caller is throttled.
 *
 * @param scope      the scope the request needs ({@code repository:<name>:pull,push}), or null
 * @param error      the challenge's {@code error} ({@code invalid_token}, {@code insufficient_scope}), or null
 * @param retryAfter set when the caller must wait: answered 429 with {@code Retry-After}
 */
public final class RegistryChallenge extends RuntimeException {

    private final OciErrorCode code;
    private final String scope;
    private final String error;
    private final Duration retryAfter;

    public RegistryChallenge(OciErrorCode code, String detail, String scope, String error, Duration retryAfter) {
        super(detail, null, false, false);
        this.code = code;
        this.scope = scope;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    public OciErrorCode code() {
        return code;
    }

    public String scope() {
        return scope;
    }

    public String error() {
        return error;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
