package dev.berth.auth;

import dev.berth.metadata.UserRows;

/**
 * A user as the access rules see it.
 *
 * @param passwordVersion raised by each password change; tokens carry the one they were issued under
 * @param origin          where the account signs in: {@value #LOCAL}, {@code ldap} or {@code oidc:<provider>}
 * @param externalSubject what that source calls the account (an LDAP DN, an OIDC {@code sub}); null for local ones
 */
public record UserAccount(long id, String username, boolean admin, boolean enabled, boolean robot,
                          int passwordVersion, String origin, String externalSubject) {

    /** The origin of accounts with a Berth password of their own, and of robots. */
    public static final String LOCAL = UserRows.LOCAL;

    /** Signs in through a directory or an OpenID provider: has no Berth password. */
    public boolean external() {
        return !LOCAL.equals(origin);
    }

    static UserAccount of(UserRows.UserRow row) {
        return new UserAccount(row.id(), row.username(), row.admin(), row.enabled(), row.robot(),
                row.passwordVersion(), row.origin(), row.externalSubject());
    }
}
