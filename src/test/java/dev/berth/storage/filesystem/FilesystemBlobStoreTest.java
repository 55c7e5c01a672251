package dev.berth.storage.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.oci.Digest;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobStoreContractTest;
import dev.berth.storage.ContentAddressedBlobStore;

/** The storage contract over the filesystem back-end, plus what is the file system's own. */
class FilesystemBlobStoreTest extends BlobStoreContractTest {

    @TempDir
    Path root;

    @Override
    protected BlobStore createStore() throws Exception {
        return new ContentAddressedBlobStore(new FilesystemByteStore(root));
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
    void commit_underAnOpenUmask_leavesEveryDirectoryAndFileToItsOwnerOnly() throws Exception {
        String handle = store.createUpload();
        Path upload = root.resolve("uploads").resolve(handle);
        assertThat(mode(upload)).isEqualTo("rw-------");

        Digest digest = put("private bytes".getBytes());

        Path blob = root.resolve("blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex());
        assertThat(mode(blob)).isEqualTo("rw-------");
        for (Path directory = blob.getParent(); !directory.equals(root); directory = directory.getParent()) {
            assertThat(mode(directory)).as(directory.toString()).isEqualTo("rwx------");
        }
        assertThat(mode(root.resolve("uploads"))).isEqualTo("rwx------");
    }

    private static String mode(Path path) throws java.io.IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void write_handleNotIssuedByStore_isRefusedBeforeTouchingFiles() {
        assertThatThrownBy(() -> store.write("../../etc/passwd", 0, new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.abort("../blobs"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transferTo_rangeSpanningSeveralBuffers_copiesExactlyThatRange() throws Exception {
        byte[] content = pattern(300_000);
        Digest digest = put(content);

        assertThat(read(digest, 70_001, 200_000))
                .isEqualTo(java.util.Arrays.copyOfRange(content, 70_001, 270_001));
    }

    @Test
    void transferTo_fileChannel_copiesTheRangeZeroCopy() throws Exception {
        byte[] content = pattern(300_000);
        Digest digest = put(content);
        Path copy = Files.createTempFile(root, "copy", ".bin");

        try (var blob = store.open(digest).orElseThrow();
             var target = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            blob.transferTo(5, 299_990, target);
        }

        assertThat(Files.readAllBytes(copy)).isEqualTo(java.util.Arrays.copyOfRange(content, 5, 299_995));
    }

    private static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + i / 251);
        }
        return bytes;
    }
}
