package dev.berth.identity.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.stereotype.Service;

import dev.berth.auth.Caller;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.metadata.SignInCodeRows;

/**
 * The one-time code an OIDC sign-in hands the web UI in a URL fragment (never a query string, so
 * it reaches no server log, proxy or {@code Referer}), which the UI exchanges for Berth tokens. A
 * code is random, lives {@link #TTL}, works once, and only its SHA-256 is stored (in the database,
 * so any replica may redeem it).
 */
@Service
public class SignInCodes {

    static final Duration TTL = Duration.ofSeconds(60);

    private final SignInCodeRows rows;
    private final Users users;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SignInCodes(SignInCodeRows rows, Users users, Clock clock) {
        this.rows = rows;
        this.users = users;
        this.clock = clock;
    }

    String issue(UserAccount account) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        rows.insert(sha256(code), account.id(), clock.instant().plus(TTL), clock.instant());
        return code;
    }

    /** Who the code signs in, used up by this call: empty when it is unknown, used, expired, or its user disabled. */
    public Optional<Caller> redeem(String code) {
        if (code == null || code.isEmpty() || code.length() > 100) {
            return Optional.empty();
        }
        return rows.take(sha256(code), clock.instant())
                .flatMap(users::find)
                .filter(UserAccount::enabled)
                .map(account -> new Caller(Caller.Kind.USER, account.username(), account.admin(), null, null, null));
    }

    private static String sha256(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(code.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
