package dev.berth.auth;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Service;

import dev.berth.oci.RepositoryName;

/**
 * What a caller may do to a repository. Admins may do everything; a user owns the namespace
 * named after them; members have their {@link Role}; anyone may pull from a public namespace.
 * An access token narrows all of it by its {@link Restriction}. A caller holding a registry token
 * may do exactly what the token grants, nothing looked up, unless the token carries
 * {@link Scope#ACCOUNT}: then it also acts for its account, as its password would.
 */
@Service
public class AccessPolicy {

    private final Users users;
    private final Namespaces namespaces;

    AccessPolicy(Users users, Namespaces namespaces) {
        this.users = users;
        this.namespaces = namespaces;
    }

    /** The actions the caller may take on the repository right now, on any API. */
    public Set<Action> allowed(Caller caller, RepositoryName repository) {
        if (caller.kind() == Caller.Kind.UNRESTRICTED) {
            return EnumSet.allOf(Action.class);
        }
        if (!caller.holdsToken()) {
            return accountRights(caller, repository.namespace());
        }
        Set<Action> granted = EnumSet.noneOf(Action.class);
        for (Scope grant : caller.tokenGrants()) {
            if (Scope.REPOSITORY.equals(grant.type()) && grant.name().equals(repository.value())) {
                for (String action : grant.actions()) {
                    granted.addAll(Action.parseList(action));
                }
            }
        }
        if (caller.actsForAccount()) {
            granted.addAll(accountRights(caller, repository.namespace()));
        }
        return granted;
    }

    public boolean allows(Caller caller, RepositoryName repository, Action action) {
        return allowed(caller, repository).contains(action);
    }

    /**
     * The rights the caller's account has on the namespace (role, admin flag, public flag), narrowed
     * by its access token, whatever a registry token it holds grants: what a token request may be
     * granted, and what the catalog a token lets one list shows.
     */
    public Set<Action> accountRights(Caller caller, String namespace) {
        if (caller.kind() == Caller.Kind.UNRESTRICTED) {
            return EnumSet.allOf(Action.class);
        }
        Set<Action> allowed = EnumSet.noneOf(Action.class);
        Optional<UserAccount> account = liveAccount(caller);
        if (account.isPresent()) {
            role(account.get(), namespace).ifPresent(role -> allowed.addAll(role.actions()));
        }
        if (namespaces.allowsAnonymousPull(namespace)) {
            allowed.add(Action.PULL);
        }
        return caller.restriction() == null ? allowed : caller.restriction().apply(namespace, allowed);
    }

    /**
     * Whether the caller may move an existing tag to another manifest: a maintainer's right, since
     * the old manifest stops being reachable by that name. Looked up live even for token holders,
     * as clients ask for {@code pull,push} only when they push.
     */
    public boolean mayMoveTags(Caller caller, RepositoryName repository) {
        return accountRights(caller, repository.namespace()).contains(Action.DELETE);
    }

    /** Whether the caller may manage the namespace: its members, robots, tokens and settings. */
    public boolean mayManage(Caller caller, String namespace) {
        if (caller.kind() == Caller.Kind.UNRESTRICTED) {
            return true;
        }
        if (caller.restriction() != null) {
            // An access token is for registry work, never for changing who may do it.
            return false;
        }
        return account(caller).flatMap(account -> role(account, namespace))
                .map(role -> role.atLeast(Role.OWNER)).orElse(false);
    }

    public boolean isAdmin(Caller caller) {
        return caller.kind() == Caller.Kind.UNRESTRICTED
                || (caller.restriction() == null && account(caller).map(UserAccount::admin).orElse(false));
    }

    /** The caller's role in the namespace: admins and a user in their own namespace are owners. */
    public Optional<Role> role(UserAccount account, String namespace) {
        if (account.admin()) {
            return Optional.of(Role.OWNER);
        }
        if (!account.robot() && account.username().equals(namespace)) {
            return Optional.of(Role.OWNER);
        }
        return namespaces.memberRole(namespace, account.id());
    }

    /**
     * The caller's live, enabled account, when the caller acts for it as a whole: never for a
     * registry token without {@link Scope#ACCOUNT}, which may do only what it grants.
     */
    public Optional<UserAccount> account(Caller caller) {
        return caller.actsForAccount() ? liveAccount(caller) : Optional.empty();
    }

    private Optional<UserAccount> liveAccount(Caller caller) {
        if (caller.kind() != Caller.Kind.USER) {
            return Optional.empty();
        }
        return users.find(caller.username()).filter(UserAccount::enabled);
    }
}
