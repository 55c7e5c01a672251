package dev.berth.registry.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.berth.oci.Digest;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.BlobInfo;
import dev.berth.registry.blob.BlobService;
import dev.berth.support.RegistryDomainTest;

/** Cross-repository mounts: a link without a byte moving, and nothing revealed when it cannot happen. */
class BlobMountsTest extends RegistryDomainTest {

    @Autowired
    BlobMounts mounts;
    @Autowired
    BlobService blobs;

    @Test
    void mount_blobInTheSource_linksItIntoTheTarget() {
        RepositoryName source = uniqueRepository("mount");
        RepositoryName target = uniqueRepository("mount");
        byte[] layer = bytes("a shared base layer");
        uploads.upload(source, sha256(layer), stream(layer), layer.length);

        Optional<BlobInfo> mounted = mounts.mount(target, sha256(layer), source);

        assertThat(mounted).contains(new BlobInfo(sha256(layer), layer.length));
        assertThat(blobs.stat(target, sha256(layer)).size()).isEqualTo(layer.length);
    }

    @Test
    void mount_blobNotInTheSource_isEmptyAndLinksNothing() {
        RepositoryName source = uniqueRepository("mount");
        RepositoryName other = uniqueRepository("mount");
        RepositoryName target = uniqueRepository("mount");
        byte[] layer = bytes("only in another repository");
        uploads.upload(other, sha256(layer), stream(layer), layer.length);

        assertThat(mounts.mount(target, sha256(layer), source)).isEmpty();
        assertThatThrownBy(() -> blobs.stat(target, sha256(layer))).isInstanceOf(OciException.class);
    }

    @Test
    void mountFromAnyReadable_onlyUnreadableHolders_isEmptyAndLinksNothing() {
        RepositoryName hidden = uniqueRepository("mount");
        RepositoryName readable = uniqueRepository("mount");
        RepositoryName target = uniqueRepository("mount");
        byte[] layer = bytes("held where the caller may not read");
        Digest digest = sha256(layer);
        uploads.upload(hidden, digest, stream(layer), layer.length);

        assertThat(mounts.mountFromAnyReadable(target, digest, readable::equals)).isEmpty();
        assertThat(mounts.mountFromAnyReadable(target, digest, hidden::equals)).isPresent();
        assertThat(blobs.stat(target, digest).digest()).isEqualTo(digest);
    }
}
