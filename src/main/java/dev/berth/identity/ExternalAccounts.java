package dev.berth.identity;

import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Service;

import dev.berth.auth.AuditLog;
import dev.berth.auth.AuthException;
import dev.berth.auth.Namespaces;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;

/**
 * Maps a person their identity source vouched for to a Berth account. The first sign-in creates
 * it, marked with its origin and without a password. A Berth username is a namespace, so an
 * external identity never takes over a local account, another source's account, or an existing
 * namespace: such a sign-in is refused with the reason, and nothing changes. A disabled account
 * stays out however valid the credential. Group mapping is re-evaluated each time.
 */
@Service
public class ExternalAccounts {

    private final Users users;
    private final Namespaces namespaces;
    private final GroupMappings mappings;
    private final AuditLog audit;

    ExternalAccounts(Users users, Namespaces namespaces, GroupMappings mappings, AuditLog audit) {
        this.users = users;
        this.namespaces = namespaces;
        this.mappings = mappings;
        this.audit = audit;
    }

    /**
     * Signs in a person a directory found by name: the username is the key (entries get renamed
     * and moved; their DN is kept up to date).
     *
     * @throws AuthException with the reason when Berth refuses the sign-in
     */
    public UserAccount signInByName(ExternalIdentity identity) {
        Optional<UserAccount> existing = users.find(identity.username());
        UserAccount account;
        if (existing.isPresent()) {
            account = existing.get();
            if (!account.origin().equals(identity.origin())) {
                throw collision(identity, account);
            }
            if (!identity.subject().equals(account.externalSubject())) {
                users.changeExternalSubject(account.id(), identity.subject());
            }
        } else {
            account = create(identity);
        }
        return admitted(account, identity);
    }

    /**
     * Signs in a person an OpenID provider vouched for: its {@code sub} is the key, so a returning
     * person keeps their account when their name claim changes, and another person whose name claim
     * equals an existing username is refused.
     *
     * @throws AuthException with the reason when Berth refuses the sign-in
     */
    public UserAccount signInBySubject(ExternalIdentity identity) {
        Optional<UserAccount> known = users.findExternal(identity.origin(), identity.subject());
        if (known.isPresent()) {
            return admitted(known.get(), identity);
        }
        Optional<UserAccount> sameName = users.find(identity.username());
        if (sameName.isPresent()) {
            throw collision(identity, sameName.get());
        }
        return admitted(create(identity), identity);
    }

    /** A directory re-check found the person still there: their groups may have changed. */
    public void refresh(UserAccount account, ExternalIdentity identity) {
        mappings.apply(account, identity.origin(), identity.groups());
    }

    /**
     * The Berth username a source's attribute or claim value stands for: lowercased, and from an
     * e-mail-like value ({@code alice@example.com}, Entra ID's UPN) the part before the {@code @}.
     *
     * @throws AuthException when what is left is not a valid Berth username
     */
    public static String username(String value, String source) {
        if (value == null || value.isBlank()) {
            throw new AuthException(source + " gives no username");
        }
        String name = value.trim().toLowerCase(Locale.ROOT);
        int at = name.indexOf('@');
        if (at > 0) {
            name = name.substring(0, at);
        }
        if (!Users.isValidUsername(name)) {
            throw new AuthException(source + " gives '" + value + "', which is not a valid Berth username "
                    + "(lowercase letters and digits, optionally separated by '.', '_' or '-')");
        }
        return name;
    }

    private UserAccount create(ExternalIdentity identity) {
        if (namespaces.find(identity.username()).isPresent()) {
            // The account would own it, and with it everyone else's images there.
            throw new AuthException("a namespace named " + identity.username() + " exists, so " + identity.origin()
                    + " cannot create a user of that name; an admin must resolve it");
        }
        try {
            UserAccount created = users.createExternal(identity.username(), identity.origin(), identity.subject());
            audit.record(identity.username(), "user-create", identity.username(), AuditLog.Outcome.SUCCESS,
                    "first sign-in through " + identity.origin());
            return created;
        } catch (IllegalArgumentException raced) {
            // A concurrent first sign-in of the same person made it; anyone else's is a collision.
            UserAccount other = users.find(identity.username()).orElseThrow(() -> new AuthException(raced.getMessage()));
            if (other.origin().equals(identity.origin()) && identity.subject().equals(other.externalSubject())) {
                return other;
            }
            throw collision(identity, other);
        }
    }

    private UserAccount admitted(UserAccount account, ExternalIdentity identity) {
        if (!account.enabled()) {
            throw new AuthException(account.username() + " is disabled in Berth");
        }
        UserAccount mapped = mappings.apply(account, identity.origin(), identity.groups());
        audit.record(mapped.username(), "login", null, AuditLog.Outcome.SUCCESS, identity.origin());
        return mapped;
    }

    private static AuthException collision(ExternalIdentity identity, UserAccount existing) {
        String whose = existing.robot() ? "a robot account"
                : existing.external() ? "an account that signs in through " + existing.origin()
                : "a local account";
        return new AuthException(identity.username() + " from " + identity.origin() + " has the name of " + whose
                + "; it is not taken over");
    }
}
