package dev.berth.browse;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;

import dev.berth.auth.AuthException;
import dev.berth.auth.Caller;
import dev.berth.auth.CallerAuthentication;

/** The caller of an API request, or the problem its refused credentials call for. */
final class ApiCaller {

    private ApiCaller() {
    }

    static Caller of(HttpServletRequest request) {
        if (request.getAttribute(CallerAuthentication.FAILURE_ATTRIBUTE) instanceof AuthException failure) {
            if (failure.throttled()) {
                throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, failure.getMessage(),
                        Math.max(1, failure.retryAfter().toSeconds()));
            }
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, failure.getMessage());
        }
        return CallerAuthentication.current();
    }
}
