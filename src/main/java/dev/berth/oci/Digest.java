package dev.berth.oci;

import java.util.HexFormat;

/**
 * A content digest such as {@code sha256:6c3c...}: the algorithm and the lowercase hex encoding.
 * Parsing is strict, so a digest that exists is safe to use as a storage key or file name.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">image-spec: digests</a>
 */
public record Digest(DigestAlgorithm algorithm, String hex) implements Comparable<Digest> {

    private static final int MAX_LENGTH = 7 + 128;

    public Digest {
        if (algorithm == null || hex == null || !isLowerHex(hex, algorithm.hexLength())) {
            throw new OciException(OciErrorCode.DIGEST_INVALID, "invalid digest encoding for " + algorithm);
        }
    }

    /** Parses a digest, refusing anything malformed or of an unsupported algorithm with {@code DIGEST_INVALID}. */
    public static Digest parse(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new OciException(OciErrorCode.DIGEST_INVALID, "invalid digest: " + abbreviate(value));
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw new OciException(OciErrorCode.DIGEST_INVALID, "invalid digest, no algorithm: " + abbreviate(value));
        }
        DigestAlgorithm algorithm = DigestAlgorithm.fromPrefix(value.substring(0, colon));
        if (algorithm == null) {
            throw new OciException(OciErrorCode.DIGEST_INVALID,
                    "unsupported digest algorithm (sha256 and sha512 are supported): " + abbreviate(value));
        }
        String hex = value.substring(colon + 1);
        if (!isLowerHex(hex, algorithm.hexLength())) {
            throw new OciException(OciErrorCode.DIGEST_INVALID, "invalid digest encoding: " + abbreviate(value));
        }
        return new Digest(algorithm, hex);
    }

    /** Whether {@code value} has the shape of a digest, as opposed to a tag. */
    public static boolean looksLikeDigest(String value) {
        return value != null && value.indexOf(':') > 0;
    }

    public static Digest of(DigestAlgorithm algorithm, byte[] hash) {
        return new Digest(algorithm, HexFormat.of().formatHex(hash));
    }

    /** The digest of {@code bytes} with {@code algorithm}. */
    public static Digest compute(DigestAlgorithm algorithm, byte[] bytes) {
        return of(algorithm, algorithm.newMessageDigest().digest(bytes));
    }

    @Override
    public String toString() {
        return algorithm.prefix() + ":" + hex;
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }

    private static boolean isLowerHex(String hex, int expectedLength) {
        if (hex.length() != expectedLength) {
            return false;
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    static String abbreviate(String value) {
        if (value == null) {
            return "(none)";
        }
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }
}
