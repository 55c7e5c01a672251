package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DigestTest {

    private static final String HELLO_SHA256 = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @Test
    void parse_validSha256_keepsAlgorithmAndHex() {
        Digest digest = Digest.parse(HELLO_SHA256);

        assertThat(digest.algorithm()).isEqualTo(DigestAlgorithm.SHA256);
        assertThat(digest.toString()).isEqualTo(HELLO_SHA256);
    }

    @Test
    void parse_validSha512_isAccepted() {
        Digest digest = Digest.compute(DigestAlgorithm.SHA512, "hello".getBytes(StandardCharsets.UTF_8));

        assertThat(Digest.parse(digest.toString())).isEqualTo(digest);
        assertThat(digest.hex()).hasSize(128);
    }

    @Test
    void compute_hello_matchesKnownDigest() {
        assertThat(Digest.compute(DigestAlgorithm.SHA256, "hello".getBytes(StandardCharsets.UTF_8)).toString())
                .isEqualTo(HELLO_SHA256);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256", "sha256:", "sha256:xyz", "md5:d41d8cd98f00b204e9800998ecf8427e",
            "SHA256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
            "sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
            "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98",
            "sha256:../../../../etc/passwd0000000000000000000000000000000000000000000000"})
    void parse_malformed_isDigestInvalid(String value) {
        assertThatThrownBy(() -> Digest.parse(value))
                .isInstanceOfSatisfying(OciException.class,
                        e -> assertThat(e.code()).isEqualTo(OciErrorCode.DIGEST_INVALID));
    }

    @Test
    void parse_veryLongInput_isRefusedWithoutEcho() {
        String hostile = "sha256:" + "a".repeat(100_000);

        assertThatThrownBy(() -> Digest.parse(hostile))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.detail().length()).isLessThan(200));
    }
}
