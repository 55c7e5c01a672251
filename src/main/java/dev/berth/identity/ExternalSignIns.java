package dev.berth.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import dev.berth.auth.AuthException;
import dev.berth.auth.ExternalLogins;
import dev.berth.auth.UserAccount;
import dev.berth.config.LdapProperties;
import dev.berth.config.OidcProperties;

/**
 * What {@link dev.berth.auth.Logins} asks about external people. Passwords go to the directory, when
 * one is configured. An external account's access and refresh tokens are honoured while its source
 * still vouches for it: a directory account is looked up again when its last check is older than
 * {@code berth.auth.ldap.recheck-interval} (its groups re-applied), so someone removed from the
 * directory loses token access within that time; an OIDC account needs its provider still configured
 * (a provider cannot be asked about a person without their own token). A directory that cannot be
 * reached leaves token access as it was (logged), as GitLab does, rather than stopping every CI job.
 */
@Service
class ExternalSignIns implements ExternalLogins {

    private static final Logger log = LoggerFactory.getLogger(ExternalSignIns.class);
    private static final int MAX_TRACKED = 100_000;

    private final Optional<Directory> directory;
    private final ExternalAccounts accounts;
    private final Set<String> oidcOrigins;
    private final Duration recheckInterval;
    private final Clock clock;
    /** When this replica last found each directory account still there. A cache: each replica checks on its own. */
    private final Map<Long, Instant> lastChecked = new ConcurrentHashMap<>();

    ExternalSignIns(ObjectProvider<Directory> directory, ExternalAccounts accounts, LdapProperties ldap,
                    OidcProperties oidc, Clock clock) {
        this.directory = Optional.ofNullable(directory.getIfAvailable());
        this.accounts = accounts;
        this.oidcOrigins = oidc.providers().stream().map(provider -> ExternalIdentity.OIDC_PREFIX + provider.id())
                .collect(Collectors.toUnmodifiableSet());
        this.recheckInterval = ldap.recheckInterval();
        this.clock = clock;
    }

    @Override
    public Optional<UserAccount> authenticate(String username, String password) {
        if (directory.isEmpty()) {
            return Optional.empty();
        }
        Optional<ExternalIdentity> identity;
        try {
            identity = directory.get().authenticate(username, password);
        } catch (Directory.DirectoryUnavailableException e) {
            log.warn("LDAP sign-in of {} failed: {}", username, e.getMessage());
            throw new AuthException("the directory cannot be reached; try again later");
        }
        if (identity.isEmpty()) {
            return Optional.empty();
        }
        UserAccount account = accounts.signInByName(identity.get());
        checked(account.id());
        return Optional.of(account);
    }

    @Override
    public void requireStillValid(UserAccount account) {
        if (account.origin().startsWith(ExternalIdentity.OIDC_PREFIX)) {
            if (!oidcOrigins.contains(account.origin())) {
                throw new AuthException(account.username() + " signs in through " + account.origin()
                        + ", which is no longer configured");
            }
            return;
        }
        if (!ExternalIdentity.LDAP.equals(account.origin())) {
            return;
        }
        if (directory.isEmpty()) {
            throw new AuthException(account.username() + " signs in through LDAP, which is no longer configured");
        }
        Instant last = lastChecked.get(account.id());
        if (last != null && clock.instant().isBefore(last.plus(recheckInterval))) {
            return;
        }
        Optional<ExternalIdentity> now;
        try {
            now = directory.get().find(account.externalSubject());
        } catch (Directory.DirectoryUnavailableException e) {
            log.warn("could not re-check {} in the directory, keeping its access for now: {}", account.username(),
                    e.getMessage());
            return;
        }
        if (now.isEmpty() || !now.get().username().equals(account.username())) {
            lastChecked.remove(account.id());
            throw new AuthException("the directory no longer has " + account.username());
        }
        accounts.refresh(account, now.get());
        checked(account.id());
    }

    private void checked(long accountId) {
        if (lastChecked.size() >= MAX_TRACKED) {
            lastChecked.clear();
        }
        lastChecked.put(accountId, clock.instant());
    }
}
