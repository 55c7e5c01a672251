package dev.berth.auth;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.berth.config.AuthProperties;

/**
 * Registry tokens (the Docker token spec): short-lived JWTs carrying the {@code access} claim,
 * and long-lived refresh tokens that can only buy new ones. Signed with the current
 * {@link SigningKeys} key; verified against the key their {@code kid} names, with the algorithm
 * that key has (never the one the header claims).
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/jwt/">token spec: JWT</a>
 */
@Service
public class RegistryTokens {

    /** Which kind of token a JWT is, so a refresh token never passes as an access token or back. */
    static final String USE_CLAIM = "berth_use";
    /** The access token a registry token was bought with, checked on each use so revocation is immediate. */
    static final String ACCESS_TOKEN_CLAIM = "berth_tid";
    /** The account's password version at issue: a token from before a password change is refused. */
    static final String PASSWORD_VERSION_CLAIM = "berth_pv";
    private static final String ACCESS_USE = "access";
    private static final String REFRESH_USE = "refresh";

    /** A token as issued. */
    public record Issued(String token, Duration expiresIn, Instant issuedAt) {
    }

    /** What a verified refresh token says: whose it is and which access token it came from, if any. */
    public record RefreshClaims(String username, String accessTokenId) {
    }

    /** A verified token's caller, and the password version it was issued under. */
    private record Verified(Caller caller, int passwordVersion) {
    }

    private final SigningKeys keys;
    private final AccessTokens accessTokens;
    private final Users users;
    private final AuthProperties properties;
    private final Clock clock;
    /**
     * Verifying a signature costs more than a request should; a token's signature verified once is
     * trusted until it expires. Its account is still checked on every use (through {@link Users}'
     * few seconds of cache), so disabling a user or changing a password ends their tokens.
     */
    private final ExpiringCache<String, Verified> verified;

    RegistryTokens(SigningKeys keys, AccessTokens accessTokens, Users users, AuthProperties properties, Clock clock) {
        this.keys = keys;
        this.accessTokens = accessTokens;
        this.users = users;
        this.properties = properties;
        this.clock = clock;
        this.verified = new ExpiringCache<>(properties.tokenTtl(), 20_000, clock);
    }

    public Issued issueAccess(Caller caller, List<Scope> grants) {
        List<Map<String, Object>> access = new ArrayList<>();
        for (Scope grant : grants) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", grant.type());
            entry.put("name", grant.name());
            entry.put("actions", grant.actions().stream().sorted().toList());
            access.add(entry);
        }
        JWTClaimsSet.Builder claims = baseClaims(caller, properties.tokenTtl())
                .claim(USE_CLAIM, ACCESS_USE)
                .claim("access", access);
        return sign(claims.build(), properties.tokenTtl());
    }

    public Issued issueRefresh(Caller caller) {
        return sign(baseClaims(caller, properties.refreshTokenTtl()).claim(USE_CLAIM, REFRESH_USE).build(),
                properties.refreshTokenTtl());
    }

    /**
     * The caller a registry token stands for, with exactly its grants.
     *
     * @throws AuthException when the token is malformed, signed by an unknown key or with the wrong
     *                       algorithm, for another service or issuer, expired, not yet valid, a
     *                       refresh token, or bought with an access token since revoked
     */
    public Caller verifyAccess(String token) {
        Verified known = verified.get(token).orElse(null);
        if (known == null) {
            JWTClaimsSet claims = verify(token, ACCESS_USE);
            known = new Verified(new Caller(claims.getSubject().isEmpty() ? Caller.Kind.ANONYMOUS : Caller.Kind.USER,
                    claims.getSubject(), false, null, grantsOf(claims), stringClaim(claims, ACCESS_TOKEN_CLAIM)),
                    passwordVersion(claims));
            verified.put(token, known, claims.getExpirationTime().toInstant().plus(properties.clockSkew()));
        }
        Caller caller = known.caller();
        if (caller.kind() == Caller.Kind.USER) {
            requireLiveAccount(caller.username(), known.passwordVersion());
        }
        if (caller.accessTokenId() == null) {
            return caller;
        }
        Restriction restriction = accessTokens.find(caller.accessTokenId()).filter(accessTokens::isUsable)
                .map(AccessTokens::restrictionOf)
                .orElseThrow(() -> new AuthException(
                        "the access token this token was issued for has been revoked or has expired"));
        return new Caller(caller.kind(), caller.username(), false, restriction, caller.tokenGrants(),
                caller.accessTokenId());
    }

    /**
     * @throws AuthException as {@link #verifyAccess}, when the token is not a refresh token, and when
     *                       its account is gone, disabled, or has changed its password since
     */
    public RefreshClaims verifyRefresh(String token) {
        JWTClaimsSet claims = verify(token, REFRESH_USE);
        if (claims.getSubject().isEmpty()) {
            throw new AuthException("refresh token without a subject");
        }
        requireLiveAccount(claims.getSubject(), passwordVersion(claims));
        return new RefreshClaims(claims.getSubject(), stringClaim(claims, ACCESS_TOKEN_CLAIM));
    }

    /** The token's account must exist, be enabled, and have kept the password the token was issued under. */
    private void requireLiveAccount(String username, int passwordVersion) {
        UserAccount account = users.find(username).filter(UserAccount::enabled)
                .orElseThrow(() -> new AuthException("the token's account no longer exists or is disabled"));
        if (account.passwordVersion() != passwordVersion) {
            throw new AuthException("the token was issued before the account's password changed");
        }
    }

    private JWTClaimsSet.Builder baseClaims(Caller caller, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .audience(properties.service())
                .subject(caller.username())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
        if (caller.accessTokenId() != null) {
            claims.claim(ACCESS_TOKEN_CLAIM, caller.accessTokenId());
        }
        if (caller.kind() == Caller.Kind.USER) {
            users.find(caller.username()).ifPresent(account ->
                    claims.claim(PASSWORD_VERSION_CLAIM, account.passwordVersion()));
        }
        return claims;
    }

    /** Tokens issued before versions were recorded carry none: version 0, the first one. */
    private static int passwordVersion(JWTClaimsSet claims) {
        return claims.getClaim(PASSWORD_VERSION_CLAIM) instanceof Number version ? version.intValue() : 0;
    }

    private Issued sign(JWTClaimsSet claims, Duration ttl) {
        SigningKeys.SigningKey key = keys.current();
        try {
            JWSSigner signer = JWSAlgorithm.ES256.equals(key.algorithm())
                    ? new ECDSASigner((ECKey) key.jwk())
                    : new RSASSASigner((RSAKey) key.jwk());
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(key.algorithm()).keyID(key.kid())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(signer);
            return new Issued(jwt.serialize(), ttl, claims.getIssueTime().toInstant());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private JWTClaimsSet verify(String token, String use) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | IllegalArgumentException e) {
            throw new AuthException("malformed token");
        }
        SigningKeys.SigningKey key = keys.forVerification(jwt.getHeader().getKeyID())
                .orElseThrow(() -> new AuthException("token signed by an unknown key"));
        if (!key.algorithm().equals(jwt.getHeader().getAlgorithm())) {
            throw new AuthException("token signed with an unexpected algorithm");
        }
        try {
            JWSVerifier verifier = JWSAlgorithm.ES256.equals(key.algorithm())
                    ? new ECDSAVerifier(((ECKey) key.jwk()).toECPublicKey())
                    : new RSASSAVerifier(((RSAKey) key.jwk()).toRSAPublicKey());
            if (!jwt.verify(verifier)) {
                throw new AuthException("token signature does not verify");
            }
        } catch (JOSEException e) {
            throw new AuthException("token signature does not verify");
        }
        Instant now = clock.instant();
        Duration skew = properties.clockSkew();
        if (!properties.issuer().equals(claims.getIssuer())) {
            throw new AuthException("token from an untrusted issuer");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(properties.service())) {
            throw new AuthException("token for another service");
        }
        if (claims.getExpirationTime() == null || !now.isBefore(claims.getExpirationTime().toInstant().plus(skew))) {
            throw new AuthException("token expired");
        }
        if (claims.getNotBeforeTime() != null && now.plus(skew).isBefore(claims.getNotBeforeTime().toInstant())) {
            throw new AuthException("token not valid yet");
        }
        if (claims.getSubject() == null || !use.equals(stringClaim(claims, USE_CLAIM))) {
            throw new AuthException(REFRESH_USE.equals(use) ? "not a refresh token" : "not an access token");
        }
        return claims;
    }

    private static List<Scope> grantsOf(JWTClaimsSet claims) {
        Object access = claims.getClaim("access");
        List<Scope> grants = new ArrayList<>();
        if (!(access instanceof List<?> entries)) {
            return grants;
        }
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> map && map.get("type") instanceof String type
                    && map.get("name") instanceof String name && map.get("actions") instanceof List<?> actions) {
                List<String> names = new ArrayList<>();
                for (Object action : actions) {
                    if (action instanceof String text) {
                        names.add(text);
                    }
                }
                grants.add(new Scope(type, name, new java.util.LinkedHashSet<>(names)));
            }
        }
        return grants;
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String value ? value : null;
    }
}
