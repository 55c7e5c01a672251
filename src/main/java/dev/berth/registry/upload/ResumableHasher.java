package dev.berth.registry.upload;

import java.security.MessageDigest;

import org.bouncycastle.crypto.digests.SHA256Digest;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;

/**
 * The SHA-256 of an upload session, whose state is saved after every chunk and restored by
 * whichever replica gets the next one, so no byte is read twice. The saved form is Bouncy
 * Castle's encoded state; the hashing itself runs on the JDK's intrinsic SHA-256 when
 * {@link JdkSha256#AVAILABLE}, else on Bouncy Castle.
 */
sealed interface ResumableHasher extends ByteSink permits ResumableHasher.Jdk, ResumableHasher.BouncyCastle {

    static ResumableHasher start() {
        return JdkSha256.AVAILABLE ? new Jdk(JdkSha256.start()) : new BouncyCastle(new SHA256Digest());
    }

    static ResumableHasher restore(byte[] state) {
        if (JdkSha256.AVAILABLE) {
            return new Jdk(JdkSha256.restore(Sha256State.fromEncoded(state)));
        }
        return new BouncyCastle(new SHA256Digest(state));
    }

    /** The state to persist; restoring it continues exactly where this hasher stands. */
    byte[] state();

    /** The digest of everything hashed so far; the hasher itself is left unchanged. */
    Digest current();

    record Jdk(MessageDigest digest) implements ResumableHasher {

        /**
         * Bouncy Castle's last state byte (the digest's purpose, {@code CryptoServicePurpose.ANY}),
         * written as a constant so the JDK path never loads a class from that signed jar.
         */
        private static final byte PURPOSE = 9;

        @Override
        public void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }

        @Override
        public byte[] state() {
            return JdkSha256.export(digest).toEncoded(PURPOSE);
        }

        @Override
        public Digest current() {
            try {
                return Digest.of(DigestAlgorithm.SHA256, ((MessageDigest) digest.clone()).digest());
            } catch (CloneNotSupportedException e) {
                return Digest.of(DigestAlgorithm.SHA256, JdkSha256.restore(JdkSha256.export(digest)).digest());
            }
        }
    }

    record BouncyCastle(SHA256Digest digest) implements ResumableHasher {

        @Override
        public void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }

        @Override
        public byte[] state() {
            return digest.getEncodedState();
        }

        @Override
        public Digest current() {
            SHA256Digest copy = new SHA256Digest(digest);
            byte[] out = new byte[copy.getDigestSize()];
            copy.doFinal(out, 0);
            return Digest.of(DigestAlgorithm.SHA256, out);
        }
    }
}
