package dev.berth.registry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.berth.oci.Digest;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.lifecycle.Quotas;
import dev.berth.support.RegistryDomainTest;

/**
 * With {@code berth.distribution.sparse-manifests} on, an index may be pushed before or without the
 * manifests it lists (the conformance suite's sparse area); image manifests still need their
 * blobs, garbage collection keeps what the index reaches, and usage counts only what is stored.
 */
class SparseIndexPushTest extends RegistryDomainTest {

    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    @Autowired
    GarbageCollector collector;
    @Autowired
    Quotas quotas;

    @DynamicPropertySource
    static void sparse(DynamicPropertyRegistry properties) {
        properties.add("berth.distribution.sparse-manifests", () -> "true");
        properties.add("berth.gc.untagged-grace", () -> "0s");
        properties.add("berth.gc.blob-grace", () -> "0s");
    }

    @Test
    void index_isStoredWithChildrenAbsent_andTheChildPushedLaterIsKeptByIt() {
        RepositoryName repository = RepositoryName.of("sparse" + System.nanoTime() + "/app");
        Image present = pushImage(repository, "amd64");
        Image absent = blobsOf(uniqueRepository("elsewhere"));
        byte[] index = index(present.digest(), present.manifest().length, absent.digest(), absent.manifest().length);

        PushedManifest pushed = manifests.put(repository, Reference.parse("multi"), stream(index), OCI_INDEX,
                List.of(), () -> true);

        assertThat(manifests.get(repository, Reference.parse("multi")).payload()).isEqualTo(index);
        long usedBefore = quotas.usedBytes(repository.namespace());
        manifests.delete(repository, Reference.parse("amd64"));   // the child stays reachable through the index
        collector.collect(false, "test");
        assertThat(manifests.contains(repository, present.digest())).isTrue();
        assertThat(manifests.contains(repository, pushed.digest())).isTrue();
        assertThat(quotas.usedBytes(repository.namespace())).isEqualTo(usedBefore);
    }

    @Test
    void imageManifest_stillNeedsItsBlobs() {
        RepositoryName repository = uniqueRepository("sparse");
        Image elsewhere = blobsOf(uniqueRepository("elsewhere"));

        assertThatThrownBy(() -> manifests.put(repository, Reference.parse("v1"), stream(elsewhere.manifest()),
                OCI_MANIFEST, List.of(), () -> true))
                .isInstanceOfSatisfying(OciException.class,
                        e -> assertThat(e.code()).isEqualTo(OciErrorCode.MANIFEST_BLOB_UNKNOWN));
        assertThat(manifests.contains(repository, elsewhere.digest())).isFalse();
    }

    private static byte[] index(Digest first, long firstSize, Digest second, long secondSize) {
        return bytes("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
                + "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + first + "\",\"size\":" + firstSize
                + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + second + "\",\"size\":" + secondSize
                + ",\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}}]}");
    }
}
