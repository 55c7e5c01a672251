package dev.berth.events;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.stereotype.Component;

import dev.berth.auth.KeyEncryption;

/**
 * Signing secrets in the Standard Webhooks form, {@code whsec_<base64 of 24 to 64 bytes>}: made
 * when the caller gives none, kept sealed at rest (with {@code berth.auth.key-encryption-secret}
 * when set), opened only to sign.
 */
@Component
class WebhookSecrets {

    static final String PREFIX = "whsec_";
    private static final String CONTEXT = "webhook-secret";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyEncryption encryption;

    WebhookSecrets(KeyEncryption encryption) {
        this.encryption = encryption;
    }

    /** A new secret of 32 random bytes. */
    static String generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Checks a secret the caller chose; {@link IllegalArgumentException} when it is not of the form. */
    static String checked(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret has the form whsec_<base64>");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook secret has the form whsec_<base64>");
        }
        if (key.length < 24 || key.length > 64) {
            throw new IllegalArgumentException("a webhook secret holds 24 to 64 bytes");
        }
        return secret;
    }

    byte[] seal(String secret) {
        return encryption.seal(secret.getBytes(StandardCharsets.UTF_8), CONTEXT);
    }

    /** The signing key: the base64-decoded part of the stored secret. */
    byte[] key(byte[] stored) {
        String secret = new String(encryption.open(stored, CONTEXT), StandardCharsets.UTF_8);
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
}
