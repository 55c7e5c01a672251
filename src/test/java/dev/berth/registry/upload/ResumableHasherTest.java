package dev.berth.registry.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.berth.registry.upload.JdkSha256;
import dev.berth.registry.upload.ResumableHasher;
import dev.berth.registry.upload.Sha256State;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;

/**
 * A session's hash state saved by one implementation continues in the other: replicas with and
 * without the JDK's intrinsic (and Berth versions before it) share upload sessions.
 */
class ResumableHasherTest {

    private static final byte[] MESSAGE = new byte[1000];

    static {
        new Random(3).nextBytes(MESSAGE);
    }

    @Test
    void jdkStateAccess_isAvailableUnderTheBuildsJvmFlags() {
        assertThat(JdkSha256.AVAILABLE).as("tests run with the same --add-opens as the jar").isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 5, 63, 64, 65, 127, 128, 130, 999, 1000})
    void jdkState_continuedByBouncyCastle_givesTheOneShotDigest(int split) {
        ResumableHasher first = new ResumableHasher.Jdk(JdkSha256.start());
        first.update(MESSAGE, 0, split);

        ResumableHasher.BouncyCastle second = new ResumableHasher.BouncyCastle(new SHA256Digest(first.state()));
        second.update(MESSAGE, split, MESSAGE.length - split);

        assertThat(second.current()).isEqualTo(Digest.compute(DigestAlgorithm.SHA256, MESSAGE));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 5, 63, 64, 65, 127, 128, 130, 999, 1000})
    void bouncyCastleState_continuedByJdk_givesTheOneShotDigest(int split) {
        ResumableHasher.BouncyCastle first = new ResumableHasher.BouncyCastle(new SHA256Digest());
        first.update(MESSAGE, 0, split);

        ResumableHasher second = new ResumableHasher.Jdk(JdkSha256.restore(Sha256State.fromEncoded(first.state())));
        second.update(MESSAGE, split, MESSAGE.length - split);

        assertThat(second.current()).isEqualTo(Digest.compute(DigestAlgorithm.SHA256, MESSAGE));
    }

    @Test
    void state_isByteForByteBouncyCastlesEncoding() {
        ResumableHasher.BouncyCastle bouncyCastle = new ResumableHasher.BouncyCastle(new SHA256Digest());
        ResumableHasher jdk = new ResumableHasher.Jdk(JdkSha256.start());
        bouncyCastle.update(MESSAGE, 0, 331);
        jdk.update(MESSAGE, 0, 331);

        assertThat(jdk.state()).isEqualTo(bouncyCastle.state());
    }

    @Test
    void current_leavesHasherUsable() {
        ResumableHasher hasher = ResumableHasher.start();
        hasher.update(MESSAGE, 0, 500);
        Digest half = hasher.current();
        hasher.update(MESSAGE, 500, 500);

        assertThat(half).isEqualTo(Digest.compute(DigestAlgorithm.SHA256, java.util.Arrays.copyOf(MESSAGE, 500)));
        assertThat(hasher.current()).isEqualTo(Digest.compute(DigestAlgorithm.SHA256, MESSAGE));
    }
}
