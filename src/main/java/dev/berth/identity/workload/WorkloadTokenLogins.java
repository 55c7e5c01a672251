package dev.berth.identity.workload;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.stereotype.Service;

import dev.berth.auth.AuthException;
import dev.berth.auth.UserAccount;
import dev.berth.auth.WorkloadLogins;
import dev.berth.config.WorkloadProperties;
import dev.berth.metadata.WorkloadTokenUseRows;

/**
 * Checks a CI job's OIDC token presented as a robot's password: a rule of the robot names its
 * issuer (one an admin allowed), the signature verifies with the issuer's published keys, it is
 * within its lifetime, for the rule's audience, meets the rule's claim conditions, and is not a
 * replay: a token's first use binds it to the client address that presented it, so the job can
 * repeat it (Docker clients send it for every scope they need) while a copy used anywhere else is
 * refused. Each refusal says why, for the audit trail.
 */
@Service
class WorkloadTokenLogins implements WorkloadLogins {

    /** Asymmetric signatures only: an issuer's public keys must not be usable as an HMAC secret. */
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);
    private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(5);

    private final TrustRules trustRules;
    private final IssuerKeys issuerKeys;
    private final WorkloadTokenUseRows uses;
    private final WorkloadProperties properties;
    private final Clock clock;
    private final AtomicReference<Instant> lastCleanup = new AtomicReference<>(Instant.EPOCH);

    WorkloadTokenLogins(TrustRules trustRules, IssuerKeys issuerKeys, WorkloadTokenUseRows uses,
                        WorkloadProperties properties, Clock clock) {
        this.trustRules = trustRules;
        this.issuerKeys = issuerKeys;
        this.uses = uses;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String verify(UserAccount robot, String token, String clientAddress) {
        SignedJWT jwt;
        String issuer;
        try {
            jwt = SignedJWT.parse(token);
            issuer = jwt.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new AuthException("not a signed JWT");
        }
        if (issuer == null) {
            throw new AuthException("the token names no issuer (iss)");
        }
        List<TrustRule> rules = trustRules.rules(robot.id()).stream().filter(rule -> rule.issuer().equals(issuer))
                .toList();
        if (rules.isEmpty()) {
            throw new AuthException("untrusted issuer " + issuer + ": no trust rule of this robot names it");
        }
        if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
            throw new AuthException("signed with " + jwt.getHeader().getAlgorithm() + "; only RS, PS, ES and EdDSA "
                    + "signatures are accepted");
        }
        JWTClaimsSet claims = verifiedClaims(jwt, issuer);
        Instant expiresAt = checkLifetime(claims);
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank()) {
            throw new AuthException("the token has no jti, so a replay could not be told from a first use");
        }
        List<String> audience = claims.getAudience();
        List<TrustRule> forAudience = rules.stream().filter(rule -> audience.contains(rule.audience())).toList();
        if (forAudience.isEmpty()) {
            throw new AuthException("wrong audience " + audience + ": this robot's rules for " + issuer + " expect "
                    + rules.stream().map(TrustRule::audience).distinct().toList());
        }
        TrustRule matched = null;
        String unmet = null;
        for (TrustRule rule : forAudience) {
            Optional<String> failed = rule.claimConditions().firstUnmet(claims.getClaims());
            if (failed.isEmpty()) {
                matched = rule;
                break;
            }
            if (unmet == null) {
                Object value = claims.getClaim(failed.get());
                unmet = failed.get() + " (rule " + rule.id() + ") is " + (value == null ? "absent" : "\"" + value + "\"");
            }
        }
        if (matched == null) {
            throw new AuthException("claim condition not met: " + unmet);
        }
        forgetExpiredUses();
        WorkloadTokenUseRows.FirstUse first = uses.recordUse(issuer, jti, robot.id(), clientAddress,
                expiresAt.plus(properties.clockSkew()));
        if (first.robotId() != robot.id() || !first.clientAddress().equals(clientAddress)) {
            throw new AuthException("replayed token: jti " + jti + " was first used "
                    + (first.robotId() != robot.id() ? "for another robot" : "from " + first.clientAddress()));
        }
        return "issuer=" + issuer + " sub=" + claims.getSubject() + " rule=" + matched.id();
    }

    private JWTClaimsSet verifiedClaims(SignedJWT jwt, String issuer) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, issuerKeys.of(issuer)));
        // The times are checked below, against Berth's clock and with reasons of their own.
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        try {
            return processor.process(jwt, null);
        } catch (BadJOSEException e) {
            throw new AuthException("the signature does not verify with the published keys of " + issuer);
        } catch (RateLimitReachedException e) {
            // An unknown kid refetches the keys, but not twice within the rate limit: still unknown.
            throw new AuthException("the signature does not verify with the published keys of " + issuer
                    + " (no key has kid " + jwt.getHeader().getKeyID() + ")");
        } catch (JOSEException e) {
            throw new AuthException("the keys of " + issuer + " could not be used: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Checks exp, nbf and iat with the configured skew, and returns when the token expires. */
    private Instant checkLifetime(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Duration skew = properties.clockSkew();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new AuthException("the token has no expiry (exp)");
        }
        if (now.isAfter(exp.toInstant().plus(skew))) {
            throw new AuthException("expired at " + exp.toInstant());
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
            throw new AuthException("not valid before " + nbf.toInstant());
        }
        Date iat = claims.getIssueTime();
        if (iat == null) {
            throw new AuthException("the token has no issue time (iat)");
        }
        if (now.plus(skew).isBefore(iat.toInstant())) {
            throw new AuthException("issued in the future, at " + iat.toInstant());
        }
        Duration lifetime = Duration.between(iat.toInstant(), exp.toInstant());
        if (lifetime.compareTo(properties.maxTokenLifetime()) > 0) {
            throw new AuthException("lives " + lifetime + ", longer than berth.auth.workload.max-token-lifetime ("
                    + properties.maxTokenLifetime() + ")");
        }
        return exp.toInstant();
    }

    /** The table of used tokens holds only unexpired ones; any replica clears it now and then. */
    private void forgetExpiredUses() {
        Instant now = clock.instant();
        Instant last = lastCleanup.get();
        if (now.isAfter(last.plus(CLEANUP_INTERVAL)) && lastCleanup.compareAndSet(last, now)) {
            uses.deleteExpired(now);
        }
    }
}
