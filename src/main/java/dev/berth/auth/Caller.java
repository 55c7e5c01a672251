package dev.berth.auth;

import java.util.List;

/**
 * Who is making a request, as established from its credentials.
 *
 * @param username      the user's name; empty for anonymous callers
 * @param admin         whether the user was an admin when authenticated (Basic); for token callers
 *                      the token's grants decide instead
 * @param restriction   the narrowing of the access token used to authenticate, or null
 * @param tokenGrants   for callers holding a registry token: exactly what it grants; null otherwise,
 *                      and then the caller's rights are looked up live
 * @param accessTokenId the access token the credentials came from, or null
 */
public record Caller(Kind kind, String username, boolean admin, Restriction restriction, List<Scope> tokenGrants,
                     String accessTokenId) {

    public enum Kind {
        /** No credentials. */
        ANONYMOUS,
        /** A user or robot account. */
        USER,
        /** Authentication is switched off: anyone may do anything. */
        UNRESTRICTED
    }

    public static final Caller ANONYMOUS = new Caller(Kind.ANONYMOUS, "", false, null, null, null);
    public static final Caller UNRESTRICTED = new Caller(Kind.UNRESTRICTED, "", true, null, null, null);

    public Caller {
        tokenGrants = tokenGrants == null ? null : List.copyOf(tokenGrants);
    }

    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS;
    }

    public boolean holdsToken() {
        return tokenGrants != null;
    }

    /**
     * Whether the caller acts for its account as a whole (account management, browsing by role):
     * true for passwords and access tokens, and for registry tokens only when they carry
     * {@link Scope#ACCOUNT}. Any other registry token does exactly what its grants say.
     */
    public boolean actsForAccount() {
        return tokenGrants == null || tokenGrants.stream().anyMatch(Scope::isAccount);
    }

    /** A name for logs and the audit trail. */
    public String displayName() {
        return switch (kind) {
            case ANONYMOUS -> "anonymous";
            case UNRESTRICTED -> "unauthenticated";
            case USER -> username;
        };
    }
}
