package dev.berth.storage.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobStoreContractTest;

class FilesystemBlobStoreTest extends BlobStoreContractTest {

    @TempDir
    Path root;

    @Override
    protected BlobStore createStore() throws Exception {
        return new FilesystemBlobStore(root);
    }

    @Test
    void commit_placesBlobAtContentAddress() throws Exception {
        Digest digest = put("addressed".getBytes());

        assertThat(root.resolve("blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex())).exists();
        try (var uploads = Files.list(root.resolve("uploads"))) {
            assertThat(uploads).isEmpty();
        }
    }

    @Test
    void write_handleNotIssuedByStore_isRefusedBeforeTouchingFiles() {
        assertThatThrownBy(() -> store.write("../../etc/passwd", 0, new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.abort("../blobs"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void localFile_pointsAtStoredBlob() throws Exception {
        Digest digest = put("file".getBytes());

        try (var blob = store.open(digest).orElseThrow()) {
            assertThat(blob.localFile()).hasValueSatisfying(path -> assertThat(path).hasContent("file"));
        }
        assertThat(Digest.compute(DigestAlgorithm.SHA256, "file".getBytes())).isEqualTo(digest);
    }
}
