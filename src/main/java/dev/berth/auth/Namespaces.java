package dev.berth.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.config.AuthProperties;
import dev.berth.metadata.NamespaceEntity;
import dev.berth.metadata.NamespaceEntityRepository;
import dev.berth.metadata.NamespaceMemberEntity;
import dev.berth.metadata.NamespaceMemberEntityRepository;

/** Namespaces (a repository name's first component): whether they are public, and who is a member. */
@Service
public class Namespaces {

    private final NamespaceEntityRepository namespaces;
    private final NamespaceMemberEntityRepository members;
    private final AuthProperties properties;
    private final Clock clock;
    private final ExpiringCache<String, Boolean> publicPull;
    private final ExpiringCache<NamespaceMemberEntity.Key, Optional<Role>> roles;

    Namespaces(NamespaceEntityRepository namespaces, NamespaceMemberEntityRepository members,
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
        boolean open = namespaces.findById(namespace).map(NamespaceEntity::getPublicPull)
                .orElse(properties.anonymousPull());
        publicPull.put(namespace, open);
        return open;
    }

    /** The member's role, from a membership row; ownership of one's own namespace is the policy's. */
    public Optional<Role> memberRole(String namespace, long userId) {
        NamespaceMemberEntity.Key key = new NamespaceMemberEntity.Key(namespace, userId);
        Optional<Optional<Role>> cached = roles.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        Optional<Role> role = members.findRole(namespace, userId).flatMap(Role::fromWireName);
        roles.put(key, role);
        return role;
    }

    public Optional<NamespaceEntity> find(String name) {
        return namespaces.findById(name);
    }

    @Transactional
    public void ensureExists(String name) {
        namespaces.insertIfAbsent(name, clock.instant());
    }

    @Transactional
    public void setPublic(String name, Boolean publicPull) {
        namespaces.insertIfAbsent(name, clock.instant());
        namespaces.findById(name).orElseThrow().setPublicPull(publicPull);
        this.publicPull.remove(name);
    }

    /** Sets a direct membership; one a group mapping had granted becomes direct, so sign-ins leave it alone. */
    @Transactional
    public void setMember(String namespace, long userId, Role role) {
        namespaces.insertIfAbsent(namespace, clock.instant());
        members.findById(new NamespaceMemberEntity.Key(namespace, userId)).ifPresentOrElse(
                member -> {
                    member.setRole(role.wireName());
                    member.setGroupMapped(false);
                },
                () -> members.save(new NamespaceMemberEntity(namespace, userId, role.wireName(), clock.instant())));
        roles.remove(new NamespaceMemberEntity.Key(namespace, userId));
    }

    /** The user's memberships, each with whether a group mapping granted it. */
    @Transactional(readOnly = true)
    public List<Membership> memberships(long userId) {
        return members.findByUserId(userId).stream()
                .map(member -> new Membership(member.getNamespace(), Role.fromWireName(member.getRole()).orElseThrow(),
                        member.isGroupMapped()))
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
        NamespaceMemberEntity.Key key = new NamespaceMemberEntity.Key(namespace, userId);
        Optional<NamespaceMemberEntity> existing = members.findById(key);
        if (existing.isPresent() && (!existing.get().isGroupMapped() || existing.get().getRole().equals(role.wireName()))) {
            return false;
        }
        existing.ifPresentOrElse(member -> member.setRole(role.wireName()), () -> {
            NamespaceMemberEntity member = new NamespaceMemberEntity(namespace, userId, role.wireName(), clock.instant());
            member.setGroupMapped(true);
            members.saveAndFlush(member);
        });
        roles.remove(key);
        return true;
    }

    /** Removes a membership a group mapping had granted; a direct one stays. @return whether one was removed */
    @Transactional
    public boolean removeMappedMember(String namespace, long userId) {
        NamespaceMemberEntity.Key key = new NamespaceMemberEntity.Key(namespace, userId);
        Optional<NamespaceMemberEntity> existing = members.findById(key).filter(NamespaceMemberEntity::isGroupMapped);
        existing.ifPresent(members::delete);
        roles.remove(key);
        return existing.isPresent();
    }

    @Transactional
    public boolean removeMember(String namespace, long userId) {
        NamespaceMemberEntity.Key key = new NamespaceMemberEntity.Key(namespace, userId);
        roles.remove(key);
        if (!members.existsById(key)) {
            return false;
        }
        members.deleteById(key);
        return true;
    }

    @Transactional
    public void delete(String name) {
        namespaces.deleteById(name);
        publicPull.remove(name);
        roles.clear();
    }
}
