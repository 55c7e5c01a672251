package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReferenceTest {

    @Test
    void parse_digestShape_isByDigest() {
        Reference reference = Reference.parse("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");

        assertThat(reference).isInstanceOf(Reference.ByDigest.class);
    }

    @Test
    void parse_tag_isByTag() {
        assertThat(Reference.parse("v1.0")).isEqualTo(new Reference.ByTag(Tag.of("v1.0")));
    }

    @Test
    void parse_malformedDigest_isDigestInvalid() {
        assertThatThrownBy(() -> Reference.parse("sha256:nothex"))
                .isInstanceOfSatisfying(OciException.class,
                        e -> assertThat(e.code()).isEqualTo(OciErrorCode.DIGEST_INVALID));
    }

    @Test
    void parse_invalidTag_isManifestInvalid() {
        assertThatThrownBy(() -> Reference.parse(".INVALID"))
                .isInstanceOfSatisfying(OciException.class,
                        e -> assertThat(e.code()).isEqualTo(OciErrorCode.MANIFEST_INVALID));
    }
}
