package dev.berth.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.config.AuthProperties;
import dev.berth.metadata.NamespaceMemberRows;
import dev.berth.metadata.NamespaceMemberRows.MemberRow;
import dev.berth.metadata.NamespaceRows;
import dev.berth.metadata.NamespaceRows.NamespaceRow;

/** Namespaces (a repository name's first component): whether they are public, and who is a member. */
@Service
public class Namespaces {

    private final NamespaceRows namespaces;
    private final NamespaceMemberRows members;
    private final AuthProperties properties;
    private final Clock clock;
    private final ExpiringCache<String, Boolean> publicPull;
    private final ExpiringCache<MemberKey, Optional<Role>> roles;

    private record MemberKey(String namespace, long userId) {
    }

    Namespaces(NamespaceRows namespaces, NamespaceMemberRows members,
               AuthProperties properties, Clock clock) {
        this.namespaces = namespaces;
        this.members = members;
        this.properties = properties;
        this.clock = clock;
        // Seconds of staleness, never more: membership and visibility changes show almost at once.
        this.publicPull = new ExpiringCache<>(Duration.ofSeconds(2), 10_000, clock);
        this.roles = new ExpiringCache<>(Duration.ofSeconds(2), 50_000, clock);
    }

    /** Whether anyone, even without credentials, may pull from the namespace. */
    public boolean allowsAnonymousPull(String namespace) {
        Optional<Boolean> cached = publicPull.get(namespace);
        if (cached.isPresent()) {
            return cached.get();
        }
        boolean open = namespaces.find(namespace).map(NamespaceRow::publicPull)
                .orElse(properties.anonymousPull());
        publicPull.put(namespace, open);
        return open;
    }

    /** The member's role, from a membership row; ownership of one's own namespace is the policy's. */
    public Optional<Role> memberRole(String namespace, long userId) {
        MemberKey key = new MemberKey(namespace, userId);
        Optional<Optional<Role>> cached = roles.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        Optional<Role> role = members.findRole(namespace, userId).flatMap(Role::fromWireName);
        roles.put(key, role);
        return role;
    }

    public Optional<NamespaceRow> find(String name) {
        return namespaces.find(name);
    }

    @Transactional
    public void ensureExists(String name) {
        namespaces.insertIfAbsent(name, clock.instant());
    }

    @Transactional
    public void setPublic(String name, Boolean publicPull) {
        namespaces.insertIfAbsent(name, clock.instant());
        namespaces.setPublicPull(name, publicPull);
        this.publicPull.remove(name);
    }

    /** Sets a direct membership; one a group mapping had granted becomes direct, so sign-ins leave it alone. */
    @Transactional
    public void setMember(String namespace, long userId, Role role) {
        namespaces.insertIfAbsent(namespace, clock.instant());
        if (members.exists(namespace, userId)) {
            members.setRole(namespace, userId, role.wireName(), false);
        } else {
            members.insert(namespace, userId, role.wireName(), false, clock.instant());
        }
        roles.remove(new MemberKey(namespace, userId));
    }

    /** The user's memberships, each with whether a group mapping granted it. */
    @Transactional(readOnly = true)
    public List<Membership> memberships(long userId) {
        return members.ofUser(userId).stream()
                .map(member -> new Membership(member.namespace(), Role.fromWireName(member.role()).orElseThrow(),
                        member.groupMapped()))
                .toList();
    }

    /** A namespace role, and whether a group mapping rule granted it (rather than an owner or an admin). */
    public record Membership(String namespace, Role role, boolean groupMapped) {
    }

    /**
     * Grants or changes a membership on a group mapping's behalf, creating the namespace when missing.
     * A direct membership is never touched.
     *
     * @return whether anything changed
     */
    @Transactional
    public boolean setMappedMember(String namespace, long userId, Role role) {
        namespaces.insertIfAbsent(namespace, clock.instant());
        Optional<MemberRow> existing = members.find(namespace, userId);
        if (existing.isPresent() && (!existing.get().groupMapped() || existing.get().role().equals(role.wireName()))) {
            return false;
        }
        if (existing.isPresent()) {
            members.setRole(namespace, userId, role.wireName(), true);
        } else {
            members.insert(namespace, userId, role.wireName(), true, clock.instant());
        }
        roles.remove(new MemberKey(namespace, userId));
        return true;
    }

    /** Removes a membership a group mapping had granted; a direct one stays. @return whether one was removed */
    @Transactional
    public boolean removeMappedMember(String namespace, long userId) {
        boolean mapped = members.find(namespace, userId).filter(MemberRow::groupMapped).isPresent();
        if (mapped) {
            members.delete(namespace, userId);
        }
        roles.remove(new MemberKey(namespace, userId));
        return mapped;
    }

    @Transactional
    public boolean removeMember(String namespace, long userId) {
        roles.remove(new MemberKey(namespace, userId));
        return members.delete(namespace, userId);
    }

    @Transactional
    public void delete(String name) {
        namespaces.delete(name);
        publicPull.remove(name);
        roles.clear();
    }
}
