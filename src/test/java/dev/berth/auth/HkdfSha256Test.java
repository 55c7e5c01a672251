package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The derivation gives RFC 5869's answers and, for the inputs Berth uses, the bytes Bouncy
 * Castle's generator gave: keys sealed before the switch still open.
 */
class HkdfSha256Test {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc5869TestCase1() throws Exception {
        byte[] okm = HkdfSha256.derive(HEX.parseHex("0b".repeat(22)), HEX.parseHex("000102030405060708090a0b0c"),
                HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);

        assertThat(HEX.formatHex(okm)).isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                + "34007208d5b887185865");
    }

    @Test
    void rfc5869TestCase3_noSalt() throws Exception {
        byte[] okm = HkdfSha256.derive(HEX.parseHex("0b".repeat(22)), new byte[0], new byte[0], 42);

        assertThat(HEX.formatHex(okm)).isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
                + "9d201395faa4b61a96c8");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 31, 32, 33, 64, 100})
    void givesBouncyCastlesBytes(int length) throws Exception {
        Random random = new Random(length);
        byte[] secret = new byte[40];
        byte[] salt = new byte[16];
        random.nextBytes(secret);
        random.nextBytes(salt);
        byte[] info = "berth key encryption v1".getBytes();

        HKDFBytesGenerator bouncyCastle = new HKDFBytesGenerator(new SHA256Digest());
        bouncyCastle.init(new HKDFParameters(secret, salt, info));
        byte[] expected = new byte[length];
        bouncyCastle.generateBytes(expected, 0, length);

        assertThat(HkdfSha256.derive(secret, salt, info, length)).isEqualTo(expected);
    }

    @Test
    void refusesMoreThanTheRfcAllows() {
        assertThatThrownBy(() -> HkdfSha256.derive(new byte[32], new byte[16], new byte[0], 255 * 32 + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8160");
    }
}
