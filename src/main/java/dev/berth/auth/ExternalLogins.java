package dev.berth.auth;

import java.util.Optional;

/**
 * Password sign-in through a source other than Berth's own passwords: a directory such as LDAP.
 * Implemented outside {@code auth} ({@code dev.berth.identity}), so accounts and rights depend on
 * no identity provider; {@link Logins} asks it for names it cannot sign in itself.
 */
public interface ExternalLogins {

    /** No external source: every account is local. */
    ExternalLogins NONE = new ExternalLogins() {
        @Override
        public Optional<UserAccount> authenticate(String username, String password) {
            return Optional.empty();
        }

        @Override
        public void requireStillValid(UserAccount account) {
        }
    };

    /**
     * Checks the password with the external source and signs the person in: their Berth account is
     * created on the first sign-in, and what their groups grant is re-evaluated.
     *
     * @return the account, or empty when the source does not know this name with this password
     * @throws AuthException when the source accepts the password but Berth refuses the sign-in (the
     *                       name is a local account's, the account is disabled), with the reason
     */
    Optional<UserAccount> authenticate(String username, String password);

    /**
     * Checked when an external account's access token or refresh token is used: whether its source
     * still vouches for it (a directory re-checked at most every few minutes).
     *
     * @throws AuthException when the source no longer knows the person
     */
    void requireStillValid(UserAccount account);
}
