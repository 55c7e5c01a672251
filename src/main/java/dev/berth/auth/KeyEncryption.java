package dev.berth.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

import dev.berth.config.AuthProperties;

/**
 * Encrypts secrets Berth keeps in its database (the token signing keys) with a key derived from
 * {@code berth.auth.key-encryption-secret}, so a copy of the database alone mints no token. Each
 * value is sealed with AES-256-GCM under a key derived by HKDF-SHA256 from the secret and a random
 * salt of its own, and bound to its context (a key id), so sealed values cannot be swapped
 * between rows. Without a secret, values are stored in clear, as before.
 * <p>
 * Sealed form: {@code "BKE1" | salt (16) | nonce (12) | ciphertext and tag}. A PKCS#8 key in clear
 * starts with {@code 0x30}, so the two never look alike.
 */
@Component
public class KeyEncryption {

    static final int MIN_SECRET_LENGTH = 16;
    private static final byte[] MAGIC = {'B', 'K', 'E', '1'};
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] INFO = "berth key encryption v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] secret;
    private final SecureRandom random = new SecureRandom();

    KeyEncryption(AuthProperties properties) {
        this.secret = secretOf(properties);
    }

    /** Whether a secret is configured, so new values are sealed. */
    public boolean enabled() {
        return secret != null;
    }

    public static boolean isSealed(byte[] stored) {
        return stored.length > MAGIC.length && Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** The value as it should be stored: sealed when a secret is configured, else as it is. */
    public byte[] seal(byte[] plain, String context) {
        if (secret == null) {
            return plain.clone();
        }
        byte[] salt = new byte[SALT_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, salt, nonce, context);
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(MAGIC.length + SALT_BYTES + NONCE_BYTES + sealed.length)
                    .put(MAGIC).put(salt).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a key", e);
        }
    }

    /**
     * The value in clear.
     *
     * @throws IllegalStateException when it is sealed and no secret, or another secret, is configured
     */
    public byte[] open(byte[] stored, String context) {
        if (!isSealed(stored)) {
            return stored.clone();
        }
        if (secret == null) {
            throw new IllegalStateException("the token signing keys in the database are encrypted: set "
                    + "berth.auth.key-encryption-secret (or -secret-file) to the secret they were encrypted with");
        }
        ByteBuffer buffer = ByteBuffer.wrap(stored, MAGIC.length, stored.length - MAGIC.length);
        byte[] salt = new byte[SALT_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        buffer.get(salt).get(nonce);
        byte[] sealed = new byte[buffer.remaining()];
        buffer.get(sealed);
        try {
            return cipher(Cipher.DECRYPT_MODE, salt, nonce, context).doFinal(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a token signing key does not decrypt with the configured "
                    + "berth.auth.key-encryption-secret: it was encrypted with another secret", e);
        }
    }

    private Cipher cipher(int mode, byte[] salt, byte[] nonce, String context) throws GeneralSecurityException {
        byte[] key = HkdfSha256.derive(secret, salt, INFO, 32);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static byte[] secretOf(AuthProperties properties) {
        String secret = properties.keyEncryptionSecret();
        if (properties.keyEncryptionSecretFile() != null) {
            if (secret != null && !secret.isEmpty()) {
                throw new IllegalStateException(
                        "set berth.auth.key-encryption-secret or berth.auth.key-encryption-secret-file, not both");
            }
            try {
                secret = Files.readString(properties.keyEncryptionSecretFile(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read berth.auth.key-encryption-secret-file "
                        + properties.keyEncryptionSecretFile(), e);
            }
        }
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("berth.auth.key-encryption-secret must be at least " + MIN_SECRET_LENGTH
                    + " characters (openssl rand -base64 32 makes a good one)");
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "KeyEncryption[" + (secret == null ? "off" : "on") + "]";
    }
}
