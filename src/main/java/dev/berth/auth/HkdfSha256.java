package dev.berth.auth;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869) on the JDK's own {@link Mac}. Berth derived its key-encryption
 * keys with Bouncy Castle's generator before; that jar is signed, and a class in the start's AOT
 * cache linking against it made every start open and verify it before {@code main}.
 */
final class HkdfSha256 {

    private static final String HMAC = "HmacSHA256";
    private static final int HASH_BYTES = 32;

    private HkdfSha256() {
    }

    /**
     * {@code length} bytes of output keying material (at most 255 × 32); an empty or missing salt
     * is the RFC's 32 zero bytes, which HMAC treats as it treats an empty key.
     */
    static byte[] derive(byte[] inputKey, byte[] salt, byte[] info, int length) throws GeneralSecurityException {
        if (length < 0 || length > 255 * HASH_BYTES) {
            throw new IllegalArgumentException("HKDF-SHA256 gives 0 to " + 255 * HASH_BYTES + " bytes, not " + length);
        }
        byte[] pseudoRandomKey = mac(salt == null || salt.length == 0 ? new byte[HASH_BYTES] : salt).doFinal(inputKey);
        Mac expand = mac(pseudoRandomKey);
        byte[] output = new byte[length];
        byte[] block = new byte[0];
        for (int offset = 0, counter = 1; offset < length; offset += HASH_BYTES, counter++) {
            expand.update(block);
            expand.update(info);
            expand.update((byte) counter);
            block = expand.doFinal();
            System.arraycopy(block, 0, output, offset, Math.min(HASH_BYTES, length - offset));
        }
        return output;
    }

    private static Mac mac(byte[] key) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(HMAC);
        mac.init(new SecretKeySpec(key, HMAC));
        return mac;
    }
}
