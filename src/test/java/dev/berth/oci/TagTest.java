package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagTest {

    @ParameterizedTest
    @ValueSource(strings = {"latest", "v1.2.3", "_private", "A", "0.1.20", "a-b_c.d", "sha256-abc"})
    void isValid_specGrammar_accepted(String tag) {
        assertThat(Tag.isValid(tag)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".hidden", "-dash", "a/b", "a:b", "a b", "ü"})
    void isValid_outsideGrammar_refused(String tag) {
        assertThat(Tag.isValid(tag)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 129})
    void isValid_lengthLimit_is128(int length) {
        assertThat(Tag.isValid("a".repeat(length))).isEqualTo(length <= 128);
    }
}
