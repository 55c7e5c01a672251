package dev.berth.api;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.berth.auth.AuthException;
import dev.berth.auth.Caller;
import dev.berth.auth.CallerAuthentication;
import dev.berth.auth.Scope;

/** The caller of an {@code /api/v1} request, from the credentials the security filter accepted or refused. */
@Component
public class ApiCallers {

    /**
     * A caller acting for its account: a password, an access token, or a registry token carrying
     * {@code account:self:*} (as the web UI asks for). A registry token for registry work only may
     * read and delete the repositories it grants, through the browse API, and nothing else here.
     *
     * @throws ApiAuthenticationException when credentials were refused or none were sent
     * @throws ApiProblem                 (403) for a registry token without the account grant
     */
    public Caller require(HttpServletRequest request) {
        Caller caller = optional(request);
        if (caller.isAnonymous()) {
            throw new ApiAuthenticationException("authentication required", null);
        }
        if (!caller.actsForAccount()) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "this registry token grants only the repositories it names; "
                    + "use a password or an access token, or a token issued for scope " + Scope.ACCOUNT);
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
