package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "library/ubuntu", "team-a/app", "a__b/c.d/e--f", "0/1/2", "my_org/my-app.v2",
            "a/blobs/b", "x/manifests/y"})
    void isValid_specGrammar_accepted(String name) {
        assertThat(RepositoryName.isValid(name)).isTrue();
        assertThat(RepositoryName.of(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "Team/app", "a/", "/a", "a//b", "a..b", "a___b", "-a", "a-", ".a", "a.",
            "a/../b", "..", "a/%2e%2e/b", "a%2Fb", "a b", "a:b", "a/b/", "é"})
    void isValid_outsideGrammar_refused(String name) {
        assertThat(RepositoryName.isValid(name)).isFalse();
        assertThatThrownBy(() -> RepositoryName.of(name))
                .isInstanceOfSatisfying(OciException.class,
                        e -> assertThat(e.code()).isEqualTo(OciErrorCode.NAME_INVALID));
    }

    @Test
    void isValid_255Characters_acceptedAnd256Refused() {
        String name255 = "a/".repeat(127) + "a";
        assertThat(name255).hasSize(255);
        assertThat(RepositoryName.isValid(name255)).isTrue();
        assertThat(RepositoryName.isValid(name255 + "a")).isFalse();
    }

    @Test
    void isValid_hugeAlternatingInput_refusedWithoutRegexBlowUp() {
        String hostile = "a.".repeat(50_000) + "a";

        assertThat(RepositoryName.isValid(hostile)).isFalse();
    }

    @Test
    void namespace_isFirstPathComponent() {
        assertThat(RepositoryName.of("team/sub/app").namespace()).isEqualTo("team");
        assertThat(RepositoryName.of("solo").namespace()).isEqualTo("solo");
    }
}
