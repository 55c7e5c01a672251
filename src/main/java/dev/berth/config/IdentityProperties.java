package dev.berth.config;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What people signing in through a directory (LDAP) or an OpenID provider share: the rules that
 * turn their groups into Berth rights, and whether local passwords still sign people in.
 *
 * @param localPasswordLogin whether Berth's own passwords sign in users who are not admins; false
 *                           leaves them to LDAP and OIDC (admins' passwords and everyone's access
 *                           tokens keep working)
 * @param groupMappings      rules applied at each external sign-in; none by default
 */
@ConfigurationProperties("berth.auth")
public record IdentityProperties(@DefaultValue("true") boolean localPasswordLogin,
                                 @DefaultValue List<GroupMapping> groupMappings) {

    /**
     * Members of {@code group} are admins, or have {@code role} in {@code namespace}, or both.
     *
     * @param group     the group's name as the source gives it (an LDAP group's {@code cn}, a value
     *                  of the ID token's groups claim)
     * @param source    where the group must come from to count: {@code ldap} or {@code oidc:<provider
     *                  id>}; unset, from any source
     * @param admin     members are Berth admins
     * @param namespace members get {@code role} here (created by the first sign-in that needs it)
     * @param role      {@code reader}, {@code writer}, {@code maintainer} or {@code owner}
     */
    public record GroupMapping(String group, String source, boolean admin, String namespace, String role) {
    }
}
