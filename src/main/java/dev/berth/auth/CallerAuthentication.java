package dev.berth.auth;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A {@link Caller} as Spring Security holds it for the request. The web layer sets it; the
 * endpoints read it back with {@link #current()}.
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    /**
     * The request attribute holding the {@link AuthException} when credentials were presented and
     * refused: endpoints answer it in their own vocabulary rather than treating the caller as anonymous.
     */
    public static final String FAILURE_ATTRIBUTE = "berth.auth.failure";

    private final Caller caller;

    public CallerAuthentication(Caller caller) {
        super(List.of());
        this.caller = caller;
        setAuthenticated(caller.kind() != Caller.Kind.ANONYMOUS);
    }

    /** The current request's caller; anonymous when none was established. */
    public static Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof CallerAuthentication known ? known.caller : Caller.ANONYMOUS;
    }

    public Caller caller() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return caller.displayName();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CallerAuthentication that && caller.equals(that.caller);
    }

    @Override
    public int hashCode() {
        return caller.hashCode();
    }
}
