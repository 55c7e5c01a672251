package dev.berth.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.metadata.AccessTokenRows;
import dev.berth.metadata.AccessTokenRows.TokenRow;

/**
 * Access tokens: long-lived secrets for scripts, CI and robots, usable wherever a password is
 * (docker login, Basic on /v2, /token). The secret is shown once; only its SHA-256 is stored
 * (the secret is random and long, so a slow password hash adds nothing), and checked in constant time.
 * Format: {@code berth_<16 hex id>_<43 base64url secret>}.
 */
@Service
public class AccessTokens {

    public static final String PREFIX = "berth_";
    private static final int ID_HEX_LENGTH = 16;

    private final AccessTokenRows tokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    AccessTokens(AccessTokenRows tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** An access token as created: the only time its secret is known. */
    public record Created(TokenRow token, String secret) {
    }

    public static boolean looksLikeAccessToken(String secret) {
        return secret != null && secret.startsWith(PREFIX) && secret.length() > PREFIX.length() + ID_HEX_LENGTH + 1
                && secret.charAt(PREFIX.length() + ID_HEX_LENGTH) == '_';
    }

    @Transactional
    public Created create(long userId, String description, String namespace, Set<Action> actions,
                          Instant expiresAt) {
        byte[] idBytes = new byte[ID_HEX_LENGTH / 2];
        random.nextBytes(idBytes);
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String id = HexFormat.of().formatHex(idBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        TokenRow token = tokens.insert(id, userId, description, sha256(secret), namespace,
                actions == null ? null : Action.toList(actions), expiresAt, clock.instant());
        return new Created(token, PREFIX + id + "_" + secret);
    }

    /** The live token this secret belongs to: known, matching, not revoked, not expired. */
    @Transactional
    public Optional<TokenRow> verify(String presented) {
        if (!looksLikeAccessToken(presented)) {
            return Optional.empty();
        }
        String id = presented.substring(PREFIX.length(), PREFIX.length() + ID_HEX_LENGTH);
        String secret = presented.substring(PREFIX.length() + ID_HEX_LENGTH + 1);
        Optional<TokenRow> token = tokens.find(id);
        byte[] expected = token.map(TokenRow::secretHash).orElse(new byte[32]);
        boolean matches = MessageDigest.isEqual(expected, sha256(secret));
        if (token.isEmpty() || !matches || !isUsable(token.get())) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        tokens.touch(id, now, now.minus(Duration.ofMinutes(1)));
        return token;
    }

    public Optional<TokenRow> find(String id) {
        return tokens.find(id);
    }

    @Transactional
    public void revoke(String id) {
        tokens.revoke(id, clock.instant());
    }

    /**
     * The narrowing the token puts on its owner's rights; never null, so every caller that came
     * with an access token is known as such (it may not manage accounts, for one).
     */
    public static Restriction restrictionOf(TokenRow token) {
        Set<Action> actions = token.actions() == null ? Set.of(Action.values()) : Action.parseList(token.actions());
        return new Restriction(token.namespace(), actions);
    }

    /** Whether the token may still be used: checked on every use, so a revocation takes effect at once. */
    public boolean isUsable(TokenRow token) {
        return token.revokedAt() == null
                && (token.expiresAt() == null || token.expiresAt().isAfter(clock.instant()));
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
