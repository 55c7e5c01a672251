package dev.berth.registry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.lifecycle.ImmutableTags;
import dev.berth.registry.lifecycle.TagPattern;
import dev.berth.support.RegistryDomainTest;

/** Moving a tag to another manifest: for those who may, never past an immutable rule, and the same push again is no move. */
class TagMoveTest extends RegistryDomainTest {

    @Autowired
    ImmutableTags immutableTags;

    @Test
    void put_tagNamingAnotherManifest_movesItWhenTheCallerMay() {
        RepositoryName repository = uniqueRepository("move");
        pushImage(repository, "v1");
        Image next = blobsOf(repository);

        manifests.put(repository, Reference.parse("v1"), stream(next.manifest()), OCI_MANIFEST, List.of(), () -> true);

        assertThat(manifests.head(repository, Reference.parse("v1")).digest()).isEqualTo(next.digest());
    }

    @Test
    void put_tagNamingAnotherManifest_callerMayNotMove_answersDeniedAndKeepsTheTag() {
        RepositoryName repository = uniqueRepository("move");
        Image first = pushImage(repository, "v1");
        Image next = blobsOf(repository);

        assertThatThrownBy(() -> manifests.put(repository, Reference.parse("v1"), stream(next.manifest()),
                OCI_MANIFEST, List.of(), () -> false))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(OciErrorCode.DENIED));
        assertThat(manifests.head(repository, Reference.parse("v1")).digest()).isEqualTo(first.digest());
        assertThatThrownBy(() -> manifests.get(repository, Reference.parse(next.digest().toString())))
                .isInstanceOf(OciException.class);
    }

    @Test
    void put_sameManifestAgain_isNoMoveAndNeedsNoRight() {
        RepositoryName repository = uniqueRepository("move");
        Image first = pushImage(repository, "v1");

        manifests.put(repository, Reference.parse("v1"), stream(first.manifest()), OCI_MANIFEST, List.of(), () -> false);

        assertThat(manifests.head(repository, Reference.parse("v1")).digest()).isEqualTo(first.digest());
    }

    @Test
    void put_immutableTag_answersDeniedEvenForAnAdminAndKeepsTheTag() {
        RepositoryName repository = uniqueRepository("move");
        Image first = pushImage(repository, "release-1");
        immutableTags.add(repository.namespace(), repository, new TagPattern("release-*"));
        Image next = blobsOf(repository);

        assertThatThrownBy(() -> manifests.put(repository, Reference.parse("release-1"), stream(next.manifest()),
                OCI_MANIFEST, List.of(), () -> true))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(OciErrorCode.DENIED));
        assertThatThrownBy(() -> manifests.delete(repository, Reference.parse("release-1")))
                .isInstanceOf(OciException.class);
        assertThat(manifests.head(repository, Reference.parse("release-1")).digest()).isEqualTo(first.digest());
    }
}
