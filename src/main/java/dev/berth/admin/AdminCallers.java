package dev.berth.admin;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import dev.berth.auth.AuthException;
import dev.berth.auth.Caller;
import dev.berth.auth.CallerAuthentication;

/** The caller of an admin API request, which must have presented credentials that were accepted. */
@Component
class AdminCallers {

    /** @throws AdminAuthenticationException when credentials were refused or none were sent */
    Caller require(HttpServletRequest request) {
        if (request.getAttribute(CallerAuthentication.FAILURE_ATTRIBUTE) instanceof AuthException failure) {
            throw new AdminAuthenticationException(failure.getMessage(), failure.retryAfter());
        }
        Caller caller = CallerAuthentication.current();
        if (caller.isAnonymous()) {
            throw new AdminAuthenticationException("authentication required", null);
        }
        return caller;
    }
}
