package dev.berth.management;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.auth.AccessPolicy;
import dev.berth.auth.AccessTokens;
import dev.berth.auth.Action;
import dev.berth.auth.AuditLog;
import dev.berth.auth.Caller;
import dev.berth.auth.Role;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.metadata.AccessTokenRows;
import dev.berth.metadata.AccessTokenRows.TokenRow;
import dev.berth.registry.Listing;

/**
 * Managing access tokens: a user manages their own, the owners of a namespace those of its
 * robots, admins everyone's. Another user's tokens are unknown to the caller (never forbidden),
 * so token ids cannot be probed. The secret is returned once, at creation.
 */
@Service
public class TokenAdministration {

    public static final int MAX_DESCRIPTION_LENGTH = 255;
    public static final int MAX_EXPIRES_IN_DAYS = 3650;

    /**
     * An access token as the API shows it: never its secret.
     *
     * @param namespace the one namespace it is limited to, or null for all the user's
     * @param actions   the actions it is limited to, or null for all
     * @param active    neither revoked nor expired
     */
    public record Token(String id, String description, String namespace, List<String> actions, Instant expiresAt,
                        Instant lastUsedAt, Instant revokedAt, Instant createdAt, boolean active) {
    }

    /** A token just created, with the secret to show once. */
    public record Created(Token token, String secret) {
    }

    private final AccessTokens accessTokens;
    private final AccessTokenRows tokenRows;
    private final Users users;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    TokenAdministration(AccessTokens accessTokens, AccessTokenRows tokenRows, Users users,
                        AccessPolicy policy, AuditLog audit, Clock clock) {
        this.accessTokens = accessTokens;
        this.tokenRows = tokenRows;
        this.users = users;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /** The user's tokens, oldest first. */
    @Transactional(readOnly = true)
    public Listing<Token> list(Caller caller, String username, Paging paging) {
        UserAccount user = managed(caller, username);
        return paging.listing(tokenRows.ofUser(user.id(), paging.offset(), paging.size()),
                tokenRows.countOfUser(user.id()), this::view);
    }

    /**
     * Creates a token for the user.
     *
     * @param expiresAt     when it stops working, or null
     * @param expiresInDays the same in days from now, or null; at most one of the two
     * @param namespace     limits it to one namespace, or null
     * @param actions       limits it to some of pull, push and delete, or null for all
     */
    @Transactional
    public Created create(Caller caller, String username, String description, Instant expiresAt,
                          Integer expiresInDays, String namespace, List<String> actions) {
        UserAccount user = managed(caller, username);
        List<ManagementException.FieldProblem> problems = new ArrayList<>();
        if (description == null || description.isBlank()) {
            problems.add(new ManagementException.FieldProblem("description", "is required"));
        } else if (description.length() > MAX_DESCRIPTION_LENGTH) {
            problems.add(new ManagementException.FieldProblem("description",
                    "must be at most " + MAX_DESCRIPTION_LENGTH + " characters"));
        }
        Instant now = clock.instant();
        Instant expires = expiresAt;
        if (expiresAt != null && expiresInDays != null) {
            problems.add(new ManagementException.FieldProblem("expiresInDays", "give expiresAt or expiresInDays, not both"));
        } else if (expiresAt != null && !expiresAt.isAfter(now)) {
            problems.add(new ManagementException.FieldProblem("expiresAt", "must be in the future"));
        } else if (expiresInDays != null) {
            if (expiresInDays < 1 || expiresInDays > MAX_EXPIRES_IN_DAYS) {
                problems.add(new ManagementException.FieldProblem("expiresInDays",
                        "must be between 1 and " + MAX_EXPIRES_IN_DAYS));
            } else {
                expires = now.plus(Duration.ofDays(expiresInDays));
            }
        }
        if (namespace != null && !NamespaceAdministration.isValidName(namespace)) {
            problems.add(new ManagementException.FieldProblem("namespace", "not a valid namespace name"));
        }
        Set<Action> allowed = null;
        if (actions != null) {
            allowed = EnumSet.noneOf(Action.class);
            for (String name : actions) {
                Optional<Action> action = Action.fromWireName(name);
                if (action.isEmpty()) {
                    problems.add(new ManagementException.FieldProblem("actions",
                            "unknown action '" + name + "'; use pull, push, delete"));
                } else {
                    allowed.add(action.get());
                }
            }
            if (actions.isEmpty()) {
                problems.add(new ManagementException.FieldProblem("actions",
                        "name at least one of pull, push, delete, or leave it out for all"));
            }
        }
        if (!problems.isEmpty()) {
            throw ManagementException.invalid(problems);
        }
        AccessTokens.Created created = accessTokens.create(user.id(), description.strip(), namespace, allowed, expires);
        audit.record(caller.displayName(), "token-create", username + "/" + created.token().id(),
                AuditLog.Outcome.SUCCESS, created.token().description());
        return new Created(view(created.token()), created.secret());
    }

    @Transactional(readOnly = true)
    public Token get(Caller caller, String username, String id) {
        return view(owned(managed(caller, username), id));
    }

    /** Revokes the token: it stops working at once. Revoking a revoked token changes nothing. */
    @Transactional
    public void revoke(Caller caller, String username, String id) {
        TokenRow token = owned(managed(caller, username), id);
        accessTokens.revoke(token.id());
        audit.record(caller.displayName(), "token-revoke", username + "/" + id, AuditLog.Outcome.SUCCESS, null);
    }

    /**
     * The user whose tokens the caller may manage. Unknown when the caller may not even see the
     * user; forbidden when it may see them but came with an access token.
     */
    private UserAccount managed(Caller caller, String username) {
        Optional<UserAccount> user = users.find(username);
        boolean self = caller.kind() == Caller.Kind.USER && caller.username().equals(username);
        boolean namespaceOwner = user.map(found -> found.robot()
                && policy.account(caller).flatMap(account -> policy.role(account, Users.robotNamespace(username)))
                        .map(role -> role == Role.OWNER).orElse(false)).orElse(false);
        if (user.isEmpty() || !(self || namespaceOwner || policy.isAdmin(caller))) {
            throw ManagementException.notFound("no user " + username);
        }
        boolean allowed = policy.isAdmin(caller)
                || (self && caller.restriction() == null)
                || (namespaceOwner && policy.mayManage(caller, Users.robotNamespace(username)));
        if (!allowed) {
            throw ManagementException.forbidden("an access token cannot manage access tokens");
        }
        return user.get();
    }

    private TokenRow owned(UserAccount user, String id) {
        return tokenRows.find(id, user.id())
                .orElseThrow(() -> ManagementException.notFound("no access token " + id + " for " + user.username()));
    }

    private Token view(TokenRow token) {
        List<String> actions = token.actions() == null ? null
                : Action.parseList(token.actions()).stream().map(Action::wireName).toList();
        return new Token(token.id(), token.description(), token.namespace(), actions, token.expiresAt(),
                token.lastUsedAt(), token.revokedAt(), token.createdAt(), accessTokens.isUsable(token));
    }
}
