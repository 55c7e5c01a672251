package dev.berth.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

import dev.berth.auth.AuditLog;
import dev.berth.auth.Namespaces;
import dev.berth.auth.Role;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.config.IdentityProperties;

/**
 * Turns an external person's groups into Berth rights ({@code berth.auth.group-mappings}), at each
 * sign-in. Only what a mapping granted is changed: memberships it made are added, changed and
 * removed to match the rules; direct memberships (an owner's or an admin's) are never touched. The
 * admin flag follows the rules when some rule for the person's source grants it, and is left alone
 * otherwise. A namespace a rule names is created by the first sign-in that grants a role in it.
 * Group names match case-insensitively, as directories compare them. Every change is audited.
 */
@Service
public class GroupMappings {

    /** The actor of the audit events a mapping causes. */
    static final String ACTOR = "group-mapping";

    /** A rule, validated. {@code source} null: any; {@code namespace} null: admin only. */
    record Rule(String group, String source, boolean admin, String namespace, Role role) {

        boolean appliesTo(String origin) {
            return source == null || source.equals(origin);
        }

        boolean matches(Set<String> groups) {
            return groups.contains(group);
        }
    }

    private final List<Rule> rules;
    private final Users users;
    private final Namespaces namespaces;
    private final AuditLog audit;

    GroupMappings(IdentityProperties properties, Users users, Namespaces namespaces, AuditLog audit) {
        this.rules = validated(properties.groupMappings());
        this.users = users;
        this.namespaces = namespaces;
        this.audit = audit;
    }

    /**
     * Applies the rules to the account of a person from {@code origin} who is in {@code groups}.
     *
     * @return the account as it is afterwards (its admin flag may have changed)
     */
    public UserAccount apply(UserAccount account, String origin, Set<String> groups) {
        Set<String> normalised = groups.stream().map(GroupMappings::normalise).collect(Collectors.toSet());
        Map<String, Role> wanted = new TreeMap<>();
        boolean adminRuled = false;
        boolean admin = false;
        for (Rule rule : rules) {
            if (!rule.appliesTo(origin)) {
                continue;
            }
            adminRuled |= rule.admin();
            if (!rule.matches(normalised)) {
                continue;
            }
            admin |= rule.admin();
            if (rule.namespace() != null) {
                wanted.merge(rule.namespace(), rule.role(), (a, b) -> a.atLeast(b) ? a : b);
            }
        }
        UserAccount result = account;
        if (adminRuled && account.admin() != admin) {
            result = users.change(account.id(), admin, null);
            audit.record(ACTOR, "user-update", account.username(), AuditLog.Outcome.SUCCESS,
                    "admin=" + admin + " (" + origin + " groups)");
        }
        Map<String, Role> mapped = new TreeMap<>();
        for (Namespaces.Membership membership : namespaces.memberships(account.id())) {
            if (membership.groupMapped()) {
                mapped.put(membership.namespace(), membership.role());
            }
        }
        wanted.forEach((namespace, role) -> grant(account, namespace, role, mapped.get(namespace)));
        for (String namespace : mapped.keySet()) {
            if (!wanted.containsKey(namespace) && removed(namespace, account)) {
                audit.record(ACTOR, "member-remove", namespace + "/" + account.username(), AuditLog.Outcome.SUCCESS,
                        "no longer in a mapped " + origin + " group");
            }
        }
        return result;
    }

    private void grant(UserAccount account, String namespace, Role role, Role before) {
        if (role == before) {
            return;
        }
        boolean created = namespaces.find(namespace).isEmpty();
        boolean changed;
        try {
            changed = namespaces.setMappedMember(namespace, account.id(), role);
        } catch (DataAccessException raced) {
            // A parallel sign-in of the same person (a client fetching tokens for several layers) made
            // the same change first; the next sign-in evaluates the rules again anyway.
            return;
        }
        if (changed) {
            if (created) {
                audit.record(ACTOR, "namespace-create", namespace, AuditLog.Outcome.SUCCESS, "named by a group mapping");
            }
            audit.record(ACTOR, "member-set", namespace + "/" + account.username(), AuditLog.Outcome.SUCCESS,
                    role.wireName() + (before == null ? "" : " (was " + before.wireName() + ")"));
        }
    }

    private boolean removed(String namespace, UserAccount account) {
        try {
            return namespaces.removeMappedMember(namespace, account.id());
        } catch (DataAccessException raced) {
            return false;
        }
    }

    private static String normalise(String group) {
        return group.toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalStateException naming the first rule that is wrong, so Berth does not start with it */
    static List<Rule> validated(List<IdentityProperties.GroupMapping> configured) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            IdentityProperties.GroupMapping mapping = configured.get(i);
            String where = "berth.auth.group-mappings[" + i + "]";
            if (mapping.group() == null || mapping.group().isBlank()) {
                throw new IllegalStateException(where + ".group is required");
            }
            String source = mapping.source() == null || mapping.source().isBlank() ? null : mapping.source();
            if (source != null && !source.equals(ExternalIdentity.LDAP) && !source.startsWith(ExternalIdentity.OIDC_PREFIX)) {
                throw new IllegalStateException(where + ".source must be ldap or oidc:<provider id>, not " + source);
            }
            String namespace = mapping.namespace() == null || mapping.namespace().isBlank() ? null : mapping.namespace();
            if (namespace == null && !mapping.admin()) {
                throw new IllegalStateException(where + " grants nothing: set admin=true, or a namespace and a role");
            }
            Role role = null;
            if (namespace != null) {
                if (!Users.isValidUsername(namespace)) {
                    throw new IllegalStateException(where + ".namespace " + namespace + " is not a valid namespace name");
                }
                role = Role.fromWireName(mapping.role() == null ? "" : mapping.role()).orElseThrow(() ->
                        new IllegalStateException(where + ".role must be reader, writer, maintainer or owner, not "
                                + mapping.role()));
            } else if (mapping.role() != null) {
                throw new IllegalStateException(where + ".role needs a namespace");
            }
            rules.add(new Rule(normalise(mapping.group().trim()), source, mapping.admin(), namespace, role));
        }
        return List.copyOf(rules);
    }
}
