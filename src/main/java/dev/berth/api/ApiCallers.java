package dev.berth.api;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import dev.berth.auth.AuthException;
import dev.berth.auth.Caller;
import dev.berth.auth.CallerAuthentication;

/** The caller of an {@code /api/v1} request, from the credentials the security filter accepted or refused. */
@Component
public class ApiCallers {

    /** @throws ApiAuthenticationException when credentials were refused or none were sent */
    public Caller require(HttpServletRequest request) {
        Caller caller = optional(request);
        if (caller.isAnonymous()) {
            throw new ApiAuthenticationException("authentication required", null);
        }
        return caller;
    }

    /**
     * The caller, anonymous when no credentials were sent (browsing public namespaces needs none).
     *
     * @throws ApiAuthenticationException when credentials were sent and refused
     */
    public Caller optional(HttpServletRequest request) {
        if (request.getAttribute(CallerAuthentication.FAILURE_ATTRIBUTE) instanceof AuthException failure) {
            throw new ApiAuthenticationException(failure.getMessage(), failure.retryAfter());
        }
        return CallerAuthentication.current();
    }
}
