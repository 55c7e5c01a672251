package dev.berth.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import dev.berth.config.IdentityProperties;
import dev.berth.metadata.AccessTokenRows.TokenRow;

/**
 * Checks a username and a secret (a password or an access token) and says who the caller is.
 * Failed attempts are throttled per user and per client address; each outcome is audited. Names
 * that are not local accounts go to the {@link ExternalLogins} (a directory), if one is configured;
 * a robot's name with a JWT goes to the {@link WorkloadLogins} (a CI job's OIDC token).
 */
@Service
public class Logins {

    private final Users users;
    private final AccessTokens accessTokens;
    private final LoginThrottle throttle;
    private final RegistryTokens tokens;
    private final AuditLog audit;
    private final ExternalLogins external;
    private final WorkloadLogins workloads;
    private final boolean localPasswordLogin;
    /**
     * Basic on /v2 sends the password with every request, and a password hash is slow on purpose:
     * a verified (user, password digest) pair is trusted for a few seconds.
     */
    private final ExpiringCache<String, byte[]> verifiedPasswords;

    Logins(Users users, AccessTokens accessTokens, LoginThrottle throttle, RegistryTokens tokens, AuditLog audit,
           Clock clock, ObjectProvider<ExternalLogins> external, ObjectProvider<WorkloadLogins> workloads,
           IdentityProperties identity) {
        this.external = external.getIfAvailable(() -> ExternalLogins.NONE);
        this.workloads = workloads.getIfAvailable(() -> WorkloadLogins.NONE);
        this.localPasswordLogin = identity.localPasswordLogin();
        this.users = users;
        this.accessTokens = accessTokens;
        this.throttle = throttle;
        this.tokens = tokens;
        this.audit = audit;
        this.verifiedPasswords = new ExpiringCache<>(Duration.ofSeconds(30), 10_000, clock);
    }

    /**
     * @throws AuthException when the credentials are wrong, the account is disabled, or the caller
     *                       has failed too often lately (then with a retry-after)
     */
    public Caller login(String username, String secret, String clientAddress) {
        if (username == null || username.isEmpty() || secret == null || secret.isEmpty()) {
            throw new AuthException("username and password are required");
        }
        boolean workloadToken = WorkloadLogins.isWorkloadToken(username, secret);
        if (workloadToken) {
            return byWorkloadToken(username, secret, clientAddress);
        }
        boolean accessToken = AccessTokens.looksLikeAccessToken(secret);
        // A username's backoff never stops an access token: it cannot be guessed, and the backoff
        // must not let a guesser keep the user's CI out.
        Optional<Duration> blocked = accessToken ? throttle.clientBlockedFor(clientAddress)
                : throttle.blockedFor(username, clientAddress);
        if (blocked.isPresent()) {
            audit.record(username, "login", null, AuditLog.Outcome.DENIED, "throttled after repeated failures");
            throw new AuthException("too many failed logins; try again later", blocked.get());
        }
        Optional<Caller> caller;
        try {
            caller = accessToken ? byAccessToken(username, secret) : byPassword(username, secret);
        } catch (AuthException refused) {
            // Right credentials, refused all the same (see ExternalLogins): counted like a failure, so
            // the refusal cannot be used to test passwords faster than the throttle allows.
            if (accessToken) {
                throttle.recordClientFailure(clientAddress);
            } else {
                throttle.recordFailure(username, clientAddress);
            }
            audit.record(username, "login", null, AuditLog.Outcome.DENIED, refused.getMessage());
            throw refused;
        }
        if (caller.isEmpty()) {
            if (accessToken) {
                throttle.recordClientFailure(clientAddress);
            } else {
                throttle.recordFailure(username, clientAddress);
            }
            audit.record(username, "login", null, AuditLog.Outcome.FAILURE, "wrong credentials or disabled account");
            throw new AuthException("invalid username or password");
        }
        if (!accessToken) {
            // Only the password ends a run of wrong passwords: the user's CI must not reset a guesser's count.
            throttle.recordSuccess(username);
        }
        return caller.get();
    }

    /**
     * The same check for a request that repeats credentials already accepted (Basic on /v2): audited
     * only when it fails, so a push does not write one audit row per request. A throttled user or
     * address is refused even with a password verified moments ago: the cache must not outlast a block.
     */
    public Caller loginRepeated(String username, String secret, String clientAddress) {
        if (!AccessTokens.looksLikeAccessToken(secret) && throttle.blockedFor(username, clientAddress).isEmpty()) {
            Optional<byte[]> verified = verifiedPasswords.get(username);
            if (verified.isPresent() && MessageDigest.isEqual(verified.get(), digest(username, secret))) {
                Optional<UserAccount> account = users.find(username).filter(UserAccount::enabled);
                if (account.isPresent()) {
                    return userCaller(account.get(), null, null);
                }
            }
        }
        return login(username, secret, clientAddress);
    }

    /**
     * The caller a refresh token stands for, as it is now: the user must still be enabled, and an
     * access token it came from still usable.
     *
     * @throws AuthException when the refresh token, its user or its access token is not valid
     */
    public Caller refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isEmpty()) {
            throw new AuthException("refresh_token is required");
        }
        RegistryTokens.RefreshClaims claims = tokens.verifyRefresh(refreshToken);
        UserAccount account = users.find(claims.username()).filter(UserAccount::enabled)
                .orElseThrow(() -> new AuthException("the refresh token's user no longer exists or is disabled"));
        if (account.external()) {
            external.requireStillValid(account);
        }
        if (claims.accessTokenId() == null) {
            if (account.robot()) {
                // A robot has no password: this came from a CI job's token, whose lifetime must end the login.
                throw new AuthException("a robot's login with a CI token cannot be refreshed");
            }
            requireLocalPasswordLogin(account);
            return userCaller(account, null, null);
        }
        return accessTokens.find(claims.accessTokenId()).filter(accessTokens::isUsable)
                .map(token -> userCaller(account, AccessTokens.restrictionOf(token), token.id()))
                .orElseThrow(() -> new AuthException("the access token behind this refresh token was revoked"));
    }

    /**
     * Checks a user's own password before a change to the account: a wrong one counts as a failed
     * login (throttled and audited), so a stolen session cannot be used to guess it.
     *
     * @throws AuthException when it is missing, is an access token, is wrong, or the caller is throttled
     */
    public void confirmPassword(String username, String password, String clientAddress) {
        if (password == null || password.isEmpty() || AccessTokens.looksLikeAccessToken(password)) {
            throw new AuthException("the current password is required");
        }
        login(username, password, clientAddress);
    }

    /** Forgets a verified password at once, as when it changes or the account is disabled. */
    public void forget(String username) {
        verifiedPasswords.remove(username);
    }

    private Optional<Caller> byPassword(String username, String password) {
        Optional<UserAccount> account = users.find(username);
        boolean matches = account.map(found -> !found.external()).orElse(true)
                && users.passwordMatches(username, password);
        if (!matches || account.isEmpty() || !account.get().enabled()) {
            // Not a local password: the directory may know the name (and refuses one that is a local account's).
            Optional<UserAccount> signedIn = matches ? Optional.empty() : external.authenticate(username, password);
            signedIn.ifPresent(found -> verifiedPasswords.put(username, digest(username, password)));
            return signedIn.map(found -> userCaller(found, null, null));
        }
        requireLocalPasswordLogin(account.get());
        verifiedPasswords.put(username, digest(username, password));
        audit.record(username, "login", null, AuditLog.Outcome.SUCCESS, "password");
        return Optional.of(userCaller(account.get(), null, null));
    }

    private Optional<Caller> byAccessToken(String username, String secret) {
        Optional<TokenRow> token = accessTokens.verify(secret);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Optional<UserAccount> owner = users.find(token.get().userId())
                .filter(UserAccount::enabled)
                .filter(account -> account.username().equals(username));
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        if (owner.get().external()) {
            external.requireStillValid(owner.get());
        }
        return Optional.of(userCaller(owner.get(), AccessTokens.restrictionOf(token.get()), token.get().id()));
    }

    /**
     * A CI job's OIDC token as a robot's password. Like an access token it cannot be guessed, so only
     * the client address is throttled (a guesser must not lock the robot out); the reason for a refusal
     * goes to the audit trail, and the client learns only that the login failed. The caller is
     * restricted to the robot's namespace, which also keeps it from managing access tokens: a token
     * that lives minutes must not buy a credential that lives longer.
     */
    private Caller byWorkloadToken(String username, String token, String clientAddress) {
        Optional<Duration> blocked = throttle.clientBlockedFor(clientAddress);
        if (blocked.isPresent()) {
            audit.record(username, "login", null, AuditLog.Outcome.DENIED, "throttled after repeated failures");
            throw new AuthException("too many failed logins; try again later", blocked.get());
        }
        Optional<UserAccount> robot = users.find(username).filter(UserAccount::robot);
        String job;
        try {
            if (robot.isEmpty() || !robot.get().enabled()) {
                throw new AuthException("no enabled robot " + username);
            }
            job = workloads.verify(robot.get(), token, clientAddress);
        } catch (AuthException refused) {
            throttle.recordClientFailure(clientAddress);
            audit.record(username, "login", null, AuditLog.Outcome.DENIED, "workload token refused: "
                    + refused.getMessage());
            throw new AuthException("invalid username or password");
        }
        audit.record(username, "login", null, AuditLog.Outcome.SUCCESS, "workload token " + job);
        Restriction ownNamespace = new Restriction(Users.robotNamespace(username), EnumSet.allOf(Action.class));
        return userCaller(robot.get(), ownNamespace, null);
    }

    /** With {@code berth.auth.local-password-login=false}, only admins sign in with a Berth password. */
    private void requireLocalPasswordLogin(UserAccount account) {
        if (!localPasswordLogin && !account.admin() && !account.external()) {
            throw new AuthException("local password sign-in is off for users who are not admins "
                    + "(berth.auth.local-password-login=false); sign in through your identity provider");
        }
    }

    private static Caller userCaller(UserAccount account, Restriction restriction, String accessTokenId) {
        return new Caller(Caller.Kind.USER, account.username(), account.admin(), restriction, null, accessTokenId);
    }

    private static byte[] digest(String username, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(username.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
