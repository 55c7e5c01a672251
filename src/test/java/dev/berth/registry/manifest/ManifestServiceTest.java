package dev.berth.registry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.oci.Digest;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;
import dev.berth.support.RegistryDomainTest;

/** Pushing manifests, without HTTP: stored byte for byte, validated against the repository, tagged. */
class ManifestServiceTest extends RegistryDomainTest {

    @Test
    void put_byTag_storesTheBytesAndTagsThem() {
        RepositoryName repository = uniqueRepository("put");
        Image image = blobsOf(repository);

        PushedManifest pushed = manifests.put(repository, Reference.parse("v1"), stream(image.manifest()),
                OCI_MANIFEST, List.of(Tag.of("latest")), () -> true);

        assertThat(pushed.digest()).isEqualTo(image.digest());
        assertThat(pushed.tags()).containsExactly(Tag.of("v1"), Tag.of("latest"));
        ManifestContent stored = manifests.get(repository, Reference.parse("latest"));
        assertThat(stored.payload()).isEqualTo(image.manifest());
        assertThat(stored.digest()).isEqualTo(image.digest());
        assertThat(manifests.head(repository, Reference.parse(image.digest().toString())).size())
                .isEqualTo(image.manifest().length);
    }

    @Test
    void put_layerNotInTheRepository_answersManifestBlobUnknownAndStoresNothing() {
        RepositoryName repository = uniqueRepository("put");
        RepositoryName elsewhere = uniqueRepository("put");
        Image image = blobsOf(elsewhere);

        assertThatThrownBy(() -> manifests.put(repository, Reference.parse("v1"), stream(image.manifest()),
                OCI_MANIFEST, List.of(), () -> true))
                .isInstanceOfSatisfying(OciException.class,
                        e -> assertThat(e.code()).isEqualTo(OciErrorCode.MANIFEST_BLOB_UNKNOWN));
        assertThatThrownBy(() -> manifests.get(elsewhere, Reference.parse(image.digest().toString())))
                .isInstanceOf(OciException.class);
    }

    @Test
    void put_byDigestThatDiffers_answersDigestInvalidAndStoresNothing() {
        RepositoryName repository = uniqueRepository("put");
        Image image = blobsOf(repository);
        Digest wrong = sha256(bytes("not this manifest"));

        assertThatThrownBy(() -> manifests.put(repository, Reference.parse(wrong.toString()),
                stream(image.manifest()), OCI_MANIFEST, List.of(), () -> true))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(OciErrorCode.DIGEST_INVALID));
        assertThatThrownBy(() -> manifests.get(repository, Reference.parse(image.digest().toString())))
                .isInstanceOfSatisfying(OciException.class,
                        e -> assertThat(e.code()).isEqualTo(OciErrorCode.MANIFEST_UNKNOWN));
    }

    @Test
    void put_malformedJson_answersManifestInvalid() {
        RepositoryName repository = uniqueRepository("put");

        assertThatThrownBy(() -> manifests.put(repository, Reference.parse("v1"), stream(bytes("{\"schemaVersion\":")),
                OCI_MANIFEST, List.of(), () -> true))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(OciErrorCode.MANIFEST_INVALID));
    }

    @Test
    void delete_byDigest_removesTheManifestAndItsTags() {
        RepositoryName repository = uniqueRepository("put");
        Image image = pushImage(repository, "v1");

        manifests.delete(repository, Reference.parse(image.digest().toString()));

        assertThatThrownBy(() -> manifests.get(repository, Reference.parse("v1"))).isInstanceOf(OciException.class);
    }
}
