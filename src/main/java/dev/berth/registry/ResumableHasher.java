package dev.berth.registry;

import org.bouncycastle.crypto.digests.EncodableDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;

/**
 * A hash whose intermediate state can be saved and restored, so an upload continues on any replica
 * (or after a restart) without reading back the bytes already received.
 */
final class ResumableHasher implements ByteSink {

    private final DigestAlgorithm algorithm;
    private final org.bouncycastle.crypto.Digest digest;

    private ResumableHasher(DigestAlgorithm algorithm, org.bouncycastle.crypto.Digest digest) {
        this.algorithm = algorithm;
        this.digest = digest;
    }

    static ResumableHasher start(DigestAlgorithm algorithm) {
        return new ResumableHasher(algorithm, algorithm == DigestAlgorithm.SHA256 ? new SHA256Digest() : new SHA512Digest());
    }

    static ResumableHasher restore(DigestAlgorithm algorithm, byte[] state) {
        return new ResumableHasher(algorithm,
                algorithm == DigestAlgorithm.SHA256 ? new SHA256Digest(state) : new SHA512Digest(state));
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
    }

    /** The state to persist; restoring it continues exactly where this hasher stands. */
    byte[] state() {
        return ((EncodableDigest) digest).getEncodedState();
    }

    /** The digest of everything hashed so far; the hasher itself is left unchanged. */
    Digest current() {
        org.bouncycastle.crypto.Digest copy = algorithm == DigestAlgorithm.SHA256
                ? new SHA256Digest((SHA256Digest) digest) : new SHA512Digest((SHA512Digest) digest);
        byte[] out = new byte[copy.getDigestSize()];
        copy.doFinal(out, 0);
        return Digest.of(algorithm, out);
    }
}
