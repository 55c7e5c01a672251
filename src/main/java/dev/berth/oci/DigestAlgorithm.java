package dev.berth.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The digest algorithms the registry accepts; sha256 is the one every client uses. */
public enum DigestAlgorithm {
    SHA256("sha256", "SHA-256", 64),
    SHA512("sha512", "SHA-512", 128);

    private final String prefix;
    private final String jcaName;
    private final int hexLength;

    DigestAlgorithm(String prefix, String jcaName, int hexLength) {
        this.prefix = prefix;
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    /** The algorithm as written before the colon in a digest string. */
    public String prefix() {
        return prefix;
    }

    public int hexLength() {
        return hexLength;
    }

    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jcaName, e);
        }
    }

    static DigestAlgorithm fromPrefix(String prefix) {
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.prefix.equals(prefix)) {
                return algorithm;
            }
        }
        return null;
    }
}
