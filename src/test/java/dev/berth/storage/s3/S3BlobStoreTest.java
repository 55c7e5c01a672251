package dev.berth.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.berth.config.StorageProperties;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.storage.BlobStore;
import dev.berth.storage.BlobStoreContractTest;
import dev.berth.storage.ContentAddressedBlobStore;
import dev.berth.support.S3MockServer;

/** The storage contract against a real S3-compatible server (S3Mock on loopback), plus what is S3's own. */
class S3BlobStoreTest extends BlobStoreContractTest {

    private final String prefix = "test-" + UUID.randomUUID();

    @Override
    protected BlobStore createStore() {
        return connect(S3MockServer.BUCKET, S3MockServer.shared().endpoint());
    }

    @AfterEach
    void closeStore() {
        ((ContentAddressedBlobStore) store).close();
    }

    @Test
    void write_smallChunksAcrossPartBoundaries_commitsTheirConcatenation() throws IOException {
        byte[] content = random(S3ByteStore.PART_SIZE * 2 + 12345);
        String handle = store.createUpload();
        long offset = 0;
        int chunk = 3 * 1024 * 1024 + 17;
        while (offset < content.length) {
            int length = (int) Math.min(chunk, content.length - offset);
            BlobStore.Written written = store.write(handle, offset,
                    new ByteArrayInputStream(content, (int) offset, length));
            handle = written.handle();
            offset += written.bytes();
        }
        Digest digest = Digest.compute(DigestAlgorithm.SHA256, content);

        store.commit(handle, offset, digest);

        assertThat(read(digest, 0, content.length)).isEqualTo(content);
    }

    @Test
    void write_continuedByAnotherStoreInstance_needsOnlyTheHandle() throws IOException {
        byte[] content = random(S3ByteStore.PART_SIZE + 1000);
        String handle = store.createUpload();
        BlobStore.Written first = store.write(handle, 0, new ByteArrayInputStream(content, 0, 5000));
        try (ContentAddressedBlobStore replica = (ContentAddressedBlobStore) createStore()) {
            BlobStore.Written second = replica.write(first.handle(), 5000,
                    new ByteArrayInputStream(content, 5000, content.length - 5000));
            Digest digest = Digest.compute(DigestAlgorithm.SHA256, content);

            replica.commit(second.handle(), content.length, digest);
        }

        assertThat(read(Digest.compute(DigestAlgorithm.SHA256, content), 0, content.length)).isEqualTo(content);
    }

    @Test
    void commit_moreSmallUploadsThanPooledConnections_releasesEachConnection() {
        // The SDK pools 50 connections; a read left open would hold one until the pool ran dry.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 60; i++) {
                byte[] content = random(100 + i);
                String handle = store.write(store.createUpload(), 0, new ByteArrayInputStream(content)).handle();
                Digest digest = Digest.compute(DigestAlgorithm.SHA256, content);
                store.commit(handle, content.length, digest);
                assertThat(store.size(digest)).hasValue((long) content.length);
            }
        });
    }

    @Test
    void commit_emptyUpload_storesEmptyBlob() throws IOException {
        Digest digest = Digest.compute(DigestAlgorithm.SHA256, new byte[0]);
        String handle = store.createUpload();

        store.commit(handle, 0, digest);

        assertThat(store.size(digest)).hasValue(0L);
    }

    @Test
    void readUpload_spanningParts_returnsAllBytes() throws IOException {
        byte[] content = random(S3ByteStore.PART_SIZE + 99);
        String handle = store.write(store.createUpload(), 0, new ByteArrayInputStream(content)).handle();

        try (InputStream in = store.readUpload(handle, content.length)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        Digest digest = Digest.compute(DigestAlgorithm.SHA256, content);
        store.commit(handle, content.length, digest);
        assertThat(store.size(digest)).hasValue((long) content.length);
    }

    @Test
    void commit_afterCompletionWithOtherBytes_refusesToStoreThemUnderTheDigest() throws IOException {
        String start = store.write(store.createUpload(), 0, new ByteArrayInputStream("prefix-".getBytes())).handle();
        String first = store.write(start, 7, new ByteArrayInputStream("AAAA".getBytes())).handle();
        store.readUpload(first, 11).close(); // completes the multipart upload with "prefix-AAAA"
        // The session continues from the earlier handle with other bytes, as after a failed commit.
        String second = store.write(start, 7, new ByteArrayInputStream("BBBB".getBytes())).handle();
        Digest claimed = Digest.compute(DigestAlgorithm.SHA256, "prefix-BBBB".getBytes());

        assertThatThrownBy(() -> store.commit(second, 11, claimed)).hasMessageContaining("must be started again");
        assertThat(store.size(claimed)).isEmpty();
    }

    @Test
    void presignedGet_servesTheBlob() throws Exception {
        byte[] content = "presigned".getBytes();
        Digest digest = put(content);

        URI url = store.presignedGet(digest).orElseThrow();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
    }

    @Test
    void presignedGet_redirectOff_isEmpty() throws IOException {
        try (ContentAddressedBlobStore streaming = new ContentAddressedBlobStore(S3ByteStore.connect(
                settings(S3MockServer.BUCKET, S3MockServer.shared().endpoint(), false)))) {
            assertThat(streaming.presignedGet(Digest.compute(DigestAlgorithm.SHA256, new byte[0]))).isEmpty();
        }
    }

    @Test
    void check_missingBucket_saysSo() {
        try (ContentAddressedBlobStore missing = connect("no-such-bucket", S3MockServer.shared().endpoint())) {
            assertThatThrownBy(missing::check).hasMessageContaining("'no-such-bucket' does not exist");
        }
    }

    @Test
    void check_nothingListening_saysUnreachable() {
        try (ContentAddressedBlobStore nowhere = connect(S3MockServer.BUCKET, URI.create("http://127.0.0.1:1"))) {
            assertThatThrownBy(nowhere::check).hasMessageContaining("cannot reach");
        }
    }

    @Test
    void handle_notIssuedByStore_isRefused() {
        assertThatThrownBy(() -> store.abort("../blobs")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.write("s3v1 ../x id 8388608 0 -", 0, InputStream.nullInputStream()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settings_toString_hidesSecretKey() {
        assertThat(settings(S3MockServer.BUCKET, URI.create("http://127.0.0.1:1"), true).toString())
                .doesNotContain("secret-value").contains("******");
    }

    private ContentAddressedBlobStore connect(String bucket, URI endpoint) {
        return new ContentAddressedBlobStore(S3ByteStore.connect(settings(bucket, endpoint, true)));
    }

    private StorageProperties.S3 settings(String bucket, URI endpoint, boolean redirect) {
        return new StorageProperties.S3(bucket, "us-east-1", endpoint, true, prefix, "access", "secret-value",
                redirect, Duration.ofMinutes(5));
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
