package dev.berth.management;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.auth.AccessPolicy;
import dev.berth.auth.AuditLog;
import dev.berth.auth.AuthException;
import dev.berth.auth.Caller;
import dev.berth.auth.Logins;
import dev.berth.auth.Role;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.metadata.NamespaceMemberRows;
import dev.berth.metadata.NamespaceMemberRows.MemberRow;
import dev.berth.metadata.NamespaceRows;
import dev.berth.metadata.RepositoryRows;
import dev.berth.metadata.UserRows;
import dev.berth.metadata.UserRows.UserRow;
import dev.berth.registry.Listing;

/**
 * Managing accounts: admins create, change and delete users; every user may read their own
 * account and change their own password. Fields a caller may not set are ignored, not refused.
 * Callers that came with an access token never manage accounts.
 */
@Service
public class UserAdministration {

    public static final int MIN_PASSWORD_LENGTH = 8;
    /** bcrypt reads no further than 72 bytes; a longer password would be silently cut. */
    public static final int MAX_PASSWORD_BYTES = 72;

    /**
     * An account as the API shows it: never its password hash. {@code origin}: {@code local}, or where an
     * external account signs in ({@code ldap}, {@code oidc:<provider>}); external accounts have no password.
     */
    public record User(String username, boolean admin, boolean enabled, boolean robot, Instant createdAt,
                       String origin) {
    }

    /** A namespace the caller has a role in. */
    public record Membership(String namespace, String role) {
    }

    /**
     * Who the caller is. {@code accessToken}: authenticated with an access token (directly or through
     * a registry token obtained with one), which may not manage accounts.
     */
    public record Me(String username, boolean admin, boolean robot, boolean accessToken,
                     List<Membership> namespaces, String origin) {
    }

    private final Users users;
    private final UserRows userRows;
    private final NamespaceRows namespaceRows;
    private final NamespaceMemberRows memberRows;
    private final AccessPolicy policy;
    private final Logins logins;
    private final AuditLog audit;
    private final RepositoryRows repositoryRows;
    private final Clock clock;

    UserAdministration(Users users, UserRows userRows, NamespaceRows namespaceRows, NamespaceMemberRows memberRows,
                       AccessPolicy policy, Logins logins, AuditLog audit, RepositoryRows repositoryRows, Clock clock) {
        this.repositoryRows = repositoryRows;
        this.clock = clock;
        this.users = users;
        this.userRows = userRows;
        this.namespaceRows = namespaceRows;
        this.memberRows = memberRows;
        this.policy = policy;
        this.logins = logins;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public Me me(Caller caller) {
        Optional<UserAccount> account = policy.account(caller);
        if (account.isEmpty()) {
            // Authentication off: no account, and everything allowed.
            return new Me(caller.displayName(), policy.isAdmin(caller), false, false, List.of(), UserAccount.LOCAL);
        }
        List<Membership> namespaces = new ArrayList<>();
        UserAccount user = account.get();
        if (!user.robot()) {
            namespaces.add(new Membership(user.username(), Role.OWNER.wireName()));
        }
        for (MemberRow member : memberRows.ofUser(user.id())) {
            if (!member.namespace().equals(user.username())) {
                namespaces.add(new Membership(member.namespace(), member.role()));
            }
        }
        namespaces.sort(Comparator.comparing(Membership::namespace));
        return new Me(user.username(), policy.isAdmin(caller), user.robot(), caller.restriction() != null,
                namespaces, user.origin());
    }

    @Transactional(readOnly = true)
    public Listing<User> list(Caller caller, Paging paging) {
        requireAdmin(caller);
        return paging.listing(userRows.page(paging.offset(), paging.size()), userRows.count(),
                UserAdministration::view);
    }

    @Transactional
    public User create(Caller caller, String username, String password, Boolean admin) {
        requireAdmin(caller);
        List<ManagementException.FieldProblem> problems = new ArrayList<>();
        if (!Users.isValidUsername(username)) {
            problems.add(new ManagementException.FieldProblem("username",
                    "lowercase letters and digits, optionally separated by '.', '_' or '-', at most "
                            + Users.MAX_USERNAME_LENGTH + " characters"));
        }
        passwordProblem(password, true).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw ManagementException.invalid(problems);
        }
        if (users.exists(username)) {
            throw ManagementException.conflict("the username " + username + " is taken");
        }
        if (namespaceRows.exists(username)) {
            // The user would own it, and with it everyone else's images there.
            throw ManagementException.conflict("a namespace named " + username + " exists");
        }
        UserAccount created;
        try {
            created = users.create(username, password, Boolean.TRUE.equals(admin));
        } catch (IllegalArgumentException raced) {
            throw ManagementException.conflict(raced.getMessage());
        }
        audit.record(caller.displayName(), "user-create", username, AuditLog.Outcome.SUCCESS,
                created.admin() ? "admin" : null);
        return view(userRows.find(created.id()).orElseThrow());
    }

    @Transactional(readOnly = true)
    public User get(Caller caller, String username) {
        return view(visible(caller, username));
    }

    /**
     * Changes what the caller may change: admins everything, a user their own password only (the
     * admin and enabled flags they send are ignored). Null leaves a field as it is. Changing one's
     * own password takes the current one, admins' included; an admin resetting another user's does
     * not. A new password ends every registry and refresh token issued under the old one.
     *
     * @param currentPassword the caller's password, when they change their own
     * @param clientAddress   where the request came from, for the throttle on wrong current passwords
     * @throws AuthException when the current password is throttled
     */
    @Transactional
    public User update(Caller caller, String username, String password, String currentPassword, Boolean admin,
                       Boolean enabled, String clientAddress) {
        UserRow user = visible(caller, username);
        boolean isAdmin = policy.isAdmin(caller);
        if (!isAdmin && caller.restriction() != null) {
            throw ManagementException.forbidden("an access token cannot change an account");
        }
        if (!isAdmin) {
            admin = null;
            enabled = null;
        }
        if (password != null) {
            if (user.robot()) {
                throw ManagementException.invalid("password", "robots have no password; they use access tokens");
            }
            if (!UserRows.LOCAL.equals(user.origin())) {
                throw ManagementException.invalid("password", username + " signs in through " + user.origin()
                        + " and has no Berth password");
            }
            passwordProblem(password, true).ifPresent(problem -> {
                throw ManagementException.invalid(List.of(problem));
            });
            boolean own = caller.kind() == Caller.Kind.USER && caller.username().equals(username);
            if (own) {
                confirmCurrentPassword(username, currentPassword, clientAddress);
            }
        }
        boolean losesAdmin = user.admin() && user.enabled()
                && (Boolean.FALSE.equals(admin) || Boolean.FALSE.equals(enabled));
        if (losesAdmin && userRows.countEnabledAdmins() <= 1) {
            throw ManagementException.conflict(username + " is the last enabled admin");
        }
        if (password != null) {
            users.changePassword(user.id(), password);
        }
        if (admin != null || enabled != null) {
            users.change(user.id(), admin, enabled);
        }
        if (password != null || Boolean.FALSE.equals(enabled)) {
            logins.forget(username);
        }
        List<String> changed = new ArrayList<>();
        if (password != null) {
            changed.add("password");
        }
        if (admin != null) {
            changed.add("admin=" + admin);
        }
        if (enabled != null) {
            changed.add("enabled=" + enabled);
        }
        if (!changed.isEmpty()) {
            audit.record(caller.displayName(), "user-update", username, AuditLog.Outcome.SUCCESS,
                    String.join(",", changed));
        }
        return view(userRows.find(user.id()).orElseThrow());
    }

    @Transactional
    public void delete(Caller caller, String username) {
        requireAdmin(caller);
        UserRow user = userRows.find(username)
                .orElseThrow(() -> ManagementException.notFound("no user " + username));
        if (user.admin() && user.enabled() && userRows.countEnabledAdmins() <= 1) {
            throw ManagementException.conflict(username + " is the last enabled admin");
        }
        if (!user.robot() && repositoryRows.existsInNamespace(username)) {
            // Their images stay, and so does the namespace holding them: nobody may claim it later.
            namespaceRows.insertOwnedIfAbsent(username, username, clock.instant());
        }
        users.delete(user.id());
        logins.forget(username);
        audit.record(caller.displayName(), "user-delete", username, AuditLog.Outcome.SUCCESS, null);
    }

    private void confirmCurrentPassword(String username, String currentPassword, String clientAddress) {
        if (currentPassword == null || currentPassword.isEmpty()) {
            throw ManagementException.invalid("currentPassword", "is required to change your own password");
        }
        try {
            logins.confirmPassword(username, currentPassword, clientAddress);
        } catch (AuthException refused) {
            if (refused.throttled()) {
                throw refused;
            }
            throw ManagementException.forbidden("the current password is wrong; the password is unchanged");
        }
    }

    /** The user, if the caller may see it: admins see everyone, others themselves only. */
    private UserRow visible(Caller caller, String username) {
        Optional<UserRow> user = userRows.find(username);
        boolean self = caller.kind() == Caller.Kind.USER && caller.username().equals(username);
        if (user.isEmpty() || !(self || policy.isAdmin(caller))) {
            throw ManagementException.notFound("no user " + username);
        }
        return user.get();
    }

    private void requireAdmin(Caller caller) {
        if (!policy.isAdmin(caller)) {
            throw ManagementException.forbidden(caller.restriction() != null
                    ? "an access token cannot manage accounts" : "only admins may manage users");
        }
    }

    private static Optional<ManagementException.FieldProblem> passwordProblem(String password, boolean required) {
        if (password == null) {
            return required ? Optional.of(new ManagementException.FieldProblem("password", "is required"))
                    : Optional.empty();
        }
        if (password.length() < MIN_PASSWORD_LENGTH) {
            return Optional.of(new ManagementException.FieldProblem("password",
                    "must be at least " + MIN_PASSWORD_LENGTH + " characters"));
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return Optional.of(new ManagementException.FieldProblem("password",
                    "must be at most " + MAX_PASSWORD_BYTES + " bytes"));
        }
        return Optional.empty();
    }

    static User view(UserRow user) {
        return new User(user.username(), user.admin(), user.enabled(), user.robot(), user.createdAt(),
                user.origin());
    }
}
