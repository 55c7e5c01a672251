package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import dev.berth.oci.Digest;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.blob.BlobService;
import dev.berth.support.RegistryDomainTest;

/**
 * A collection, without HTTP: what no tag reaches goes (manifest, link, bytes), what a tag reaches
 * stays, and a dry run removes nothing. Graces are zero here, so everything unreachable is due.
 */
@TestPropertySource(properties = {"berth.gc.untagged-grace=0s", "berth.gc.blob-grace=0s"})
class GarbageCollectionTest extends RegistryDomainTest {

    @Autowired
    GarbageCollector collector;
    @Autowired
    BlobService blobs;

    @Test
    void collect_untaggedImage_removesItsManifestLinksAndBytesAndKeepsTaggedOnes() throws Exception {
        RepositoryName repository = uniqueRepository("gc");
        Image kept = pushImage(repository, "v1");
        Image dropped = pushImage(repository, "v2");
        manifests.delete(repository, Reference.parse("v2"));

        GcReport report = collector.collect(false, "test").orElseThrow();

        assertThat(report.manifestsDeleted()).isGreaterThanOrEqualTo(1);
        assertThatThrownBy(() -> manifests.get(repository, Reference.parse(dropped.digest().toString())))
                .isInstanceOf(OciException.class);
        assertThatThrownBy(() -> blobs.stat(repository, dropped.layer())).isInstanceOf(OciException.class);
        assertThat(Files.exists(blobFile(dropped.layer()))).isFalse();
        assertThat(manifests.head(repository, Reference.parse("v1")).digest()).isEqualTo(kept.digest());
        assertThat(blobs.stat(repository, kept.layer()).digest()).isEqualTo(kept.layer());
        assertThat(Files.exists(blobFile(kept.layer()))).isTrue();
    }

    @Test
    void collect_dryRun_reportsButRemovesNothing() throws Exception {
        RepositoryName repository = uniqueRepository("gc");
        Image dropped = pushImage(repository, "v1");
        manifests.delete(repository, Reference.parse("v1"));

        GcReport report = collector.collect(true, "test").orElseThrow();

        assertThat(report.dryRun()).isTrue();
        assertThat(report.manifestsDeleted()).isGreaterThanOrEqualTo(1);
        assertThat(manifests.get(repository, Reference.parse(dropped.digest().toString())).payload())
                .isEqualTo(dropped.manifest());
        assertThat(Files.exists(blobFile(dropped.layer()))).isTrue();
        assertThat(collector.recent(1).get(0).dryRun()).isTrue();
    }

    private static Path blobFile(Digest digest) {
        return dataDir().resolve("blobs").resolve(digest.algorithm().prefix()).resolve(digest.hex().substring(0, 2))
                .resolve(digest.hex());
    }
}
