package dev.berth.auth;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Service;

import dev.berth.oci.RepositoryName;

/**
 * Decides what a token request gets: for each scope asked for, the actions asked for that the
 * caller may take. Asking for more is not an error; the token just carries less.
 */
@Service
public class TokenGrants {

    private final AccessPolicy policy;

    TokenGrants(AccessPolicy policy) {
        this.policy = policy;
    }

    public List<Scope> grant(Caller caller, List<Scope> requested) {
        return grant(caller, requested, name -> List.of());
    }

    /**
     * As {@link #grant(Caller, List)}, where a repository name may also mean the cached copies
     * {@code mirrors} names (a mirror client asks for {@code library/alpine}, which Berth serves
     * from {@code dockerhub/library/alpine}): pulling it is granted when pulling one of those is.
     * Only pull: nobody pushes to a cache, and each request checks the copy it reads anyway.
     */
    public List<Scope> grant(Caller caller, List<Scope> requested,
                             java.util.function.Function<RepositoryName, List<RepositoryName>> mirrors) {
        List<Scope> grants = new ArrayList<>();
        for (Scope scope : requested) {
            if (scope.isCatalog()) {
                // Anyone may list; the catalog then shows only what the caller may pull.
                grants.add(Scope.CATALOG);
            } else if (scope.isAccount()) {
                // For the caller's own account only, so never for anonymous callers.
                if (!caller.isAnonymous()) {
                    grants.add(Scope.ACCOUNT);
                }
            } else if (Scope.REPOSITORY.equals(scope.type()) && RepositoryName.isValid(scope.name())) {
                RepositoryName name = RepositoryName.of(scope.name());
                Set<Action> allowed = java.util.EnumSet.noneOf(Action.class);
                allowed.addAll(policy.accountRights(caller, name.namespace()));
                if (!allowed.contains(Action.PULL) && mirrors.apply(name).stream()
                        .anyMatch(copy -> policy.accountRights(caller, copy.namespace()).contains(Action.PULL))) {
                    allowed.add(Action.PULL);
                }
                Set<String> granted = new LinkedHashSet<>();
                for (String action : scope.actions()) {
                    for (Action asked : Action.parseList(action)) {
                        if (allowed.contains(asked)) {
                            granted.add(asked.wireName());
                        }
                    }
                }
                if (!granted.isEmpty()) {
                    grants.add(new Scope(Scope.REPOSITORY, scope.name(), granted));
                }
            }
        }
        return merge(grants);
    }

    /** One entry per resource, as clients may repeat a scope or split its actions. */
    private static List<Scope> merge(List<Scope> grants) {
        List<Scope> merged = new ArrayList<>();
        for (Scope grant : grants) {
            int existing = -1;
            for (int i = 0; i < merged.size(); i++) {
                if (merged.get(i).type().equals(grant.type()) && merged.get(i).name().equals(grant.name())) {
                    existing = i;
                }
            }
            if (existing < 0) {
                merged.add(grant);
            } else {
                Set<String> actions = new LinkedHashSet<>(merged.get(existing).actions());
                actions.addAll(grant.actions());
                merged.set(existing, new Scope(grant.type(), grant.name(), actions));
            }
        }
        return merged;
    }
}
