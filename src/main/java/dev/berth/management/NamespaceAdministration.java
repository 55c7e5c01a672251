package dev.berth.management;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.auth.AccessPolicy;
import dev.berth.auth.AuditLog;
import dev.berth.auth.Caller;
import dev.berth.auth.Namespaces;
import dev.berth.auth.Role;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.metadata.NamespaceMemberRows;
import dev.berth.metadata.NamespaceMemberRows.MemberRow;
import dev.berth.metadata.NamespaceRows;
import dev.berth.metadata.NamespaceRows.NamespaceRow;
import dev.berth.metadata.RepositoryRows;
import dev.berth.metadata.UserRows;
import dev.berth.metadata.UserRows.UserRow;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.Listing;
import dev.berth.registry.lifecycle.Quotas;

/**
 * Managing namespaces and their members ({@link RobotAdministration} their robots). Anyone with an account may create a
 * namespace nobody has; its owners and admins manage it. A namespace the caller has no role in
 * is answered as unknown, so its existence cannot be probed.
 */
@Service
public class NamespaceAdministration {

    /**
     * A namespace as the API shows it.
     *
     * @param publicPull anonymous pull: true, false, or null to follow {@code berth.auth.anonymous-pull}
     * @param role       the caller's role in it
     * @param createdAt  null for a user's own namespace nobody has configured yet
     * @param usedBytes  the deduplicated bytes of the blobs its repositories link
     * @param quotaBytes its quota (its own, else {@code berth.quota.default}); null: unlimited
     * @param owner      the user whose own namespace it is (kept after the account is deleted); null otherwise
     */
    public record Namespace(String name, Boolean publicPull, String role, Instant createdAt, long usedBytes,
                            Long quotaBytes, String owner) {
    }

    public record Member(String username, String role, boolean robot, Instant since) {
    }

    private final Namespaces namespaces;
    private final Users users;
    private final NamespaceRows namespaceRows;
    private final NamespaceMemberRows memberRows;
    private final UserRows userRows;
    private final RepositoryRows repositoryRows;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;
    private final Quotas quotas;

    NamespaceAdministration(Namespaces namespaces, Users users, NamespaceRows namespaceRows,
                            NamespaceMemberRows memberRows, UserRows userRows,
                            RepositoryRows repositoryRows, AccessPolicy policy, AuditLog audit,
                            Clock clock, Quotas quotas) {
        this.quotas = quotas;
        this.namespaces = namespaces;
        this.users = users;
        this.namespaceRows = namespaceRows;
        this.memberRows = memberRows;
        this.userRows = userRows;
        this.repositoryRows = repositoryRows;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    public static boolean isValidName(String name) {
        return name != null && name.indexOf('/') < 0 && RepositoryName.isValid(name);
    }

    /** The namespaces the caller has a role in; all of them for admins. By name. */
    @Transactional(readOnly = true)
    public Listing<Namespace> list(Caller caller, Paging paging) {
        if (policy.isAdmin(caller)) {
            return paging.listing(namespaceRows.page(paging.offset(), paging.size()), namespaceRows.count(),
                    row -> view(row, Role.OWNER));
        }
        UserAccount account = policy.account(caller)
                .orElseThrow(() -> ManagementException.forbidden("no account"));
        String own = account.robot() ? "" : account.username();
        return paging.listing(namespaceRows.ownOrMember(own, account.id(), paging.offset(), paging.size()),
                namespaceRows.countOwnOrMember(own, account.id()),
                row -> view(row, policy.role(account, row.name()).orElse(Role.READER)));
    }

    @Transactional
    public Namespace create(Caller caller, String name, Boolean publicPull) {
        if (caller.restriction() != null) {
            throw ManagementException.forbidden("an access token cannot create namespaces");
        }
        Optional<UserAccount> account = policy.account(caller);
        if (account.isEmpty() && !policy.isAdmin(caller)) {
            throw ManagementException.forbidden("no account");
        }
        if (!isValidName(name)) {
            throw ManagementException.invalid("name", "one repository name component: lowercase letters and "
                    + "digits, optionally separated by '.', '_', '__' or '-'");
        }
        boolean ownName = account.map(user -> !user.robot() && user.username().equals(name)).orElse(false);
        boolean taken = (!ownName && users.exists(name)) || namespaceRows.insertIfAbsent(name, clock.instant()) == 0;
        if (taken) {
            // One answer whatever holds the name (a user, a namespace, their images), unless the
            // caller may see that namespace anyway: creating must not probe what GET hides.
            boolean visible = policy.isAdmin(caller)
                    || (exists(name) && account.flatMap(user -> policy.role(user, name)).isPresent());
            throw ManagementException.conflict(visible ? "the namespace " + name + " exists"
                    : "the name " + name + " is not available");
        }
        if (publicPull != null) {
            namespaces.setPublic(name, publicPull);
        }
        if (account.isPresent() && !ownName) {
            namespaces.setMember(name, account.get().id(), Role.OWNER);
        }
        audit.record(caller.displayName(), "namespace-create", name, AuditLog.Outcome.SUCCESS,
                publicPull == null ? null : "public=" + publicPull);
        return view(namespaceRows.find(name).orElseThrow(), Role.OWNER);
    }

    @Transactional(readOnly = true)
    public Namespace get(Caller caller, String name) {
        Role role = visibleRole(caller, name);
        return namespaceRows.find(name).map(row -> view(row, role))
                .orElseGet(() -> implicit(name, role));
    }

    /**
     * Sets anonymous pull (true, false, or null to follow the default) when {@code changePublic}, and
     * the quota in bytes (null to follow {@code berth.quota.default}) when {@code changeQuota}: that
     * is for admins only, since owners would otherwise lift their own limit.
     */
    @Transactional
    public Namespace update(Caller caller, String name, boolean changePublic, Boolean publicPull,
                            boolean changeQuota, Long quotaBytes) {
        Role role = requireManaged(caller, name);
        if (changeQuota) {
            if (!policy.isAdmin(caller)) {
                throw ManagementException.forbidden("only admins may set a namespace's quota");
            }
            if (quotaBytes != null && quotaBytes < 0) {
                throw ManagementException.invalid("quotaBytes", "a number of bytes, at least 0; null for the default");
            }
        }
        if (changeQuota) {
            namespaces.ensureExists(name);
            quotas.setQuota(name, quotaBytes);
            audit.record(caller.displayName(), "namespace-quota", name, AuditLog.Outcome.SUCCESS,
                    "quotaBytes=" + quotaBytes);
        }
        if (changePublic) {
            namespaces.setPublic(name, publicPull);
            audit.record(caller.displayName(), "namespace-update", name, AuditLog.Outcome.SUCCESS,
                    "public=" + publicPull);
        }
        return namespaceRows.find(name).map(row -> view(row, role))
                .orElseGet(() -> implicit(name, role));
    }

    /** Deletes the namespace, its settings, memberships and robots: only while no repository is in it. */
    @Transactional
    public void delete(Caller caller, String name) {
        requireManaged(caller, name);
        if (repositoryRows.existsInNamespace(name)) {
            throw ManagementException.conflict("repositories still use the namespace " + name
                    + "; delete them first");
        }
        for (UserRow robot : userRows.robots(name + Users.ROBOT_SEPARATOR, 0, Integer.MAX_VALUE)) {
            users.delete(robot.id());
        }
        namespaces.delete(name);
        audit.record(caller.displayName(), "namespace-delete", name, AuditLog.Outcome.SUCCESS, null);
    }

    /** Members by user id (the order they joined in, for the oldest accounts first). */
    @Transactional(readOnly = true)
    public Listing<Member> members(Caller caller, String namespace, Paging paging) {
        requireManaged(caller, namespace);
        List<MemberRow> found = memberRows.ofNamespace(namespace, paging.offset(), paging.size());
        Map<Long, UserRow> byId = userRows.findAll(found.stream().map(MemberRow::userId).toList())
                .stream().collect(Collectors.toMap(UserRow::id, Function.identity()));
        return paging.listing(found, memberRows.countOfNamespace(namespace), member -> {
            UserRow user = byId.get(member.userId());
            return new Member(user.username(), member.role(), user.robot(), member.createdAt());
        });
    }

    @Transactional
    public Member setMember(Caller caller, String namespace, String username, String roleName) {
        requireManaged(caller, namespace);
        Role role = Role.fromWireName(roleName).orElseThrow(() -> ManagementException.invalid("role",
                "one of reader, writer, maintainer, owner"));
        UserRow user = userRows.find(username)
                .orElseThrow(() -> ManagementException.notFound("no user " + username));
        if (user.robot()) {
            if (!Users.robotNamespace(username).equals(namespace)) {
                throw ManagementException.invalid("username", "a robot can only be a member of its own namespace");
            }
            if (role == Role.OWNER) {
                throw ManagementException.invalid("role", "a robot cannot own a namespace");
            }
        }
        if (role != Role.OWNER) {
            requireAnotherOwner(namespace, user.id());
        }
        namespaces.setMember(namespace, user.id(), role);
        audit.record(caller.displayName(), "member-set", namespace + "/" + username, AuditLog.Outcome.SUCCESS,
                "role=" + role.wireName());
        MemberRow member = memberRows.find(namespace, user.id()).orElseThrow();
        return new Member(username, role.wireName(), user.robot(), member.createdAt());
    }

    @Transactional
    public void removeMember(Caller caller, String namespace, String username) {
        requireManaged(caller, namespace);
        UserRow user = userRows.find(username)
                .filter(found -> memberRows.exists(namespace, found.id()))
                .orElseThrow(() -> ManagementException.notFound(username + " is not a member of " + namespace));
        requireAnotherOwner(namespace, user.id());
        namespaces.removeMember(namespace, user.id());
        audit.record(caller.displayName(), "member-remove", namespace + "/" + username, AuditLog.Outcome.SUCCESS,
                null);
    }

    /**
     * The caller's role in the namespace, when the caller may see it at all: admins see every
     * namespace, others those they have a role in. Anything else is unknown.
     */
    private Role visibleRole(Caller caller, String name) {
        Optional<Role> role;
        if (policy.isAdmin(caller)) {
            role = Optional.of(Role.OWNER);
        } else {
            role = policy.account(caller).flatMap(account -> policy.role(account, name));
        }
        if (role.isEmpty() || !exists(name)) {
            throw ManagementException.notFound("no namespace " + name);
        }
        return role.get();
    }

    /** Visible and the caller may manage it (an owner or an admin, not through an access token). */
    Role requireManaged(Caller caller, String name) {
        Role role = visibleRole(caller, name);
        if (!policy.mayManage(caller, name)) {
            throw ManagementException.forbidden(caller.restriction() != null
                    ? "an access token cannot manage namespaces"
                    : "only the namespace's owners may manage it");
        }
        return role;
    }

    /** A namespace exists once created, or implicitly as a (non-robot) user's own. */
    private boolean exists(String name) {
        return namespaceRows.exists(name)
                || userRows.find(name).map(user -> !user.robot()).orElse(false);
    }

    /** Refuses to take the last owner membership away, unless the namespace is a user's own. */
    private void requireAnotherOwner(String namespace, long userId) {
        boolean isOwner = memberRows.findRole(namespace, userId).map(Role.OWNER.wireName()::equals).orElse(false);
        if (isOwner && memberRows.countWithRole(namespace, Role.OWNER.wireName()) <= 1
                && !userRows.find(namespace).map(user -> !user.robot()).orElse(false)) {
            throw ManagementException.conflict("the namespace " + namespace + " would have no owner left");
        }
    }

    private Namespace view(NamespaceRow row, Role role) {
        return new Namespace(row.name(), row.publicPull(), role.wireName(), row.createdAt(),
                quotas.usedBytes(row.name()), quotas.limit(row.name()).orElse(null), row.owner());
    }

    private Namespace implicit(String name, Role role) {
        return new Namespace(name, null, role.wireName(), null, quotas.usedBytes(name), quotas.limit(name).orElse(null),
                name);
    }
}
