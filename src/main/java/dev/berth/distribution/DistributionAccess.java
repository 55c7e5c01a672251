package dev.berth.distribution;

import java.util.EnumSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import dev.berth.auth.AccessPolicy;
import dev.berth.auth.Action;
import dev.berth.auth.AuditLog;
import dev.berth.auth.AuthException;
import dev.berth.auth.Caller;
import dev.berth.auth.CallerAuthentication;
import dev.berth.auth.Scope;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.RepositoryName;
import dev.berth.web.RegistryChallenge;

/**
 * Decides whether a {@code /v2} request may proceed, from the route it addresses and the caller
 * the security filter established, and refuses it with the challenge the token spec describes.
 */
@Component
class DistributionAccess {

    private final AccessPolicy policy;
    private final AuditLog audit;

    DistributionAccess(AccessPolicy policy, AuditLog audit) {
        this.policy = policy;
        this.audit = audit;
    }

    /** {@code GET /v2/}: any authenticated caller, so clients learn where to get a token. */
    Caller requireAuthenticated(HttpServletRequest request) {
        Caller caller = caller(request, null);
        if (caller.isAnonymous() && !caller.holdsToken()) {
            throw new RegistryChallenge(OciErrorCode.UNAUTHORIZED, "authentication required", null, null, null);
        }
        return caller;
    }

    /** The catalog: a Basic user, or a token granting {@code registry:catalog:*}. */
    Caller requireCatalog(HttpServletRequest request) {
        String scope = Scope.CATALOG.toString();
        Caller caller = caller(request, scope);
        boolean allowed = caller.holdsToken()
                ? caller.tokenGrants().stream().anyMatch(Scope::isCatalog)
                : !caller.isAnonymous();
        if (!allowed) {
            throw refusal(caller, scope, "catalog");
        }
        return caller;
    }

    /** Whether the caller may see a repository in the catalog: whether it may pull from it. */
    boolean listsInCatalog(Caller caller, RepositoryName repository) {
        return policy.accountRights(caller, repository.namespace()).contains(Action.PULL);
    }

    /** Checks the caller may take the actions the request needs on the route's repository. */
    Caller require(HttpServletRequest request, DistributionRoute route) {
        Set<Action> needed = needed(route.kind(), request.getMethod());
        String scope = "repository:" + route.name() + ":" + challengeActions(needed) + mountSourceScope(request, route);
        Caller caller = caller(request, scope);
        if (!policy.allowed(caller, route.name()).containsAll(needed)) {
            throw refusal(caller, scope, request.getMethod() + " " + route.name());
        }
        return caller;
    }

    /**
     * A read of a cached repository: {@code local} names it; {@code requested} is how the client
     * named it (the same, or unprefixed through a mirror configuration). A token counts for the
     * name it was issued for; the account's rights count for the cached namespace, and both must allow.
     */
    Caller requireMirrored(HttpServletRequest request, DistributionRoute requested, DistributionRoute local) {
        if (requested.name().equals(local.name())) {
            return require(request, local);
        }
        String scope = "repository:" + requested.name() + ":pull";
        Caller caller = caller(request, scope);
        Set<Action> allowed = EnumSet.noneOf(Action.class);
        allowed.addAll(policy.accountRights(caller, local.name().namespace()));
        if (caller.holdsToken()) {
            allowed.retainAll(policy.allowed(caller, requested.name()));
        }
        if (!allowed.contains(Action.PULL)) {
            throw refusal(caller, scope, request.getMethod() + " " + local.name());
        }
        return caller;
    }

    boolean mayPull(Caller caller, RepositoryName repository) {
        return policy.allows(caller, repository, Action.PULL);
    }

    boolean mayMoveTags(Caller caller, RepositoryName repository) {
        return policy.mayMoveTags(caller, repository);
    }

    private Caller caller(HttpServletRequest request, String scope) {
        if (request.getAttribute(CallerAuthentication.FAILURE_ATTRIBUTE) instanceof AuthException failure) {
            if (failure.throttled()) {
                throw new RegistryChallenge(OciErrorCode.TOOMANYREQUESTS, failure.getMessage(), null, null,
                        failure.retryAfter());
            }
            throw new RegistryChallenge(OciErrorCode.UNAUTHORIZED, failure.getMessage(), scope, "invalid_token", null);
        }
        return CallerAuthentication.current();
    }

    private RegistryChallenge refusal(Caller caller, String scope, String target) {
        if (caller.isAnonymous() && !caller.holdsToken()) {
            return new RegistryChallenge(OciErrorCode.UNAUTHORIZED, "authentication required", scope, null, null);
        }
        audit.record(caller.displayName(), "access", target, AuditLog.Outcome.DENIED, "needs " + scope);
        return new RegistryChallenge(OciErrorCode.DENIED, "the credentials do not grant " + scope, scope,
                "insufficient_scope", null);
    }

    /**
     * For a mount ({@code ?mount=&from=}), the source's {@code pull} too, space-separated in the one
     * {@code scope} as CNCF Distribution writes it: a client that follows the challenge then gets a
     * token that can mount, rather than one that makes it upload the blob in full.
     */
    private static String mountSourceScope(HttpServletRequest request, DistributionRoute route) {
        if (route.kind() != DistributionRoute.Kind.UPLOAD_START || !"POST".equals(request.getMethod())) {
            return "";
        }
        QueryParameters query = QueryParameters.of(request);
        String from = query.first("from");
        if (query.first("mount") == null || from == null || !RepositoryName.isValid(from)
                || from.equals(route.name().value())) {
            return "";
        }
        return " repository:" + from + ":pull";
    }

    private static Set<Action> needed(DistributionRoute.Kind kind, String method) {
        return switch (kind) {
            case UPLOAD_START, UPLOAD_SESSION -> EnumSet.of(Action.PUSH);
            case BLOB -> "DELETE".equals(method) ? EnumSet.of(Action.DELETE) : EnumSet.of(Action.PULL);
            case MANIFEST -> switch (method) {
                case "PUT" -> EnumSet.of(Action.PUSH);
                case "DELETE" -> EnumSet.of(Action.DELETE);
                default -> EnumSet.of(Action.PULL);
            };
            case TAGS, REFERRERS -> EnumSet.of(Action.PULL);
        };
    }

    /** What a challenge asks for: clients push with {@code pull,push}, so a push challenge names both. */
    private static String challengeActions(Set<Action> needed) {
        Set<Action> asked = EnumSet.copyOf(needed);
        if (asked.contains(Action.PUSH)) {
            asked.add(Action.PULL);
        }
        return Action.toList(asked);
    }
}
