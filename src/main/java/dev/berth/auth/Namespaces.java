package dev.berth.auth;

import java.time.Clock;
import java.time.Duration;
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

    @Transactional
    public void setMember(String namespace, long userId, Role role) {
        namespaces.insertIfAbsent(namespace, clock.instant());
        members.findById(new NamespaceMemberEntity.Key(namespace, userId)).ifPresentOrElse(
                member -> member.setRole(role.wireName()),
                () -> members.save(new NamespaceMemberEntity(namespace, userId, role.wireName(), clock.instant())));
        roles.remove(new NamespaceMemberEntity.Key(namespace, userId));
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
