package dev.berth.identity;

import java.util.Set;

/**
 * A person as their identity source vouched for them, before Berth maps them to an account.
 *
 * @param origin   the source: {@code ldap} or {@code oidc:<provider id>}
 * @param subject  what the source calls them: the entry's DN, the ID token's {@code sub}
 * @param username the Berth username the source's attribute or claim gives (already lowercased)
 * @param groups   the groups the source says they are in, for group mapping
 */
public record ExternalIdentity(String origin, String subject, String username, Set<String> groups) {

    public static final String LDAP = "ldap";
    public static final String OIDC_PREFIX = "oidc:";

    public ExternalIdentity {
        groups = Set.copyOf(groups);
    }
}
