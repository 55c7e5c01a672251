package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;

/**
 * What every {@link BlobStore} must do. Each back-end's test extends this and supplies a fresh store.
 */
public abstract class BlobStoreContractTest {

    protected BlobStore store;

    protected abstract BlobStore createStore() throws Exception;

    @BeforeEach
    void setUpStore() throws Exception {
        store = createStore();
    }

    @Test
    void commit_thenOpen_returnsSameBytes() throws IOException {
        byte[] content = bytes("hello, blob");
        Digest digest = put(content);

        assertThat(store.size(digest)).hasValue((long) content.length);
        assertThat(read(digest, 0, content.length)).isEqualTo(content);
    }

    @Test
    void open_range_returnsOnlyThatRange() throws IOException {
        byte[] content = bytes("0123456789abcdef");
        Digest digest = put(content);

        assertThat(read(digest, 4, 6)).isEqualTo(bytes("456789"));
    }

    @Test
    void sizeAndOpen_unknownDigest_areEmpty() throws IOException {
        Digest absent = Digest.compute(DigestAlgorithm.SHA256, bytes("never stored"));

        assertThat(store.size(absent)).isEmpty();
        assertThat(store.open(absent)).isEmpty();
    }

    @Test
    void delete_removesBlob_andIsIdempotent() throws IOException {
        Digest digest = put(bytes("to delete"));

        store.delete(digest);
        store.delete(digest);

        assertThat(store.size(digest)).isEmpty();
    }

    @Test
    void write_inChunks_appendsAtOffsets() throws IOException {
        String handle = store.createUpload();
        BlobStore.Written first = store.write(handle, 0, stream("hello, "));
        BlobStore.Written second = store.write(first.handle(), first.bytes(), stream("world"));
        Digest digest = Digest.compute(DigestAlgorithm.SHA256, bytes("hello, world"));

        store.commit(second.handle(), first.bytes() + second.bytes(), digest);

        assertThat(read(digest, 0, 12)).isEqualTo(bytes("hello, world"));
    }

    @Test
    void write_atEarlierOffset_discardsLeftoverOfInterruptedChunk() throws IOException {
        String handle = store.createUpload();
        String good = store.write(handle, 0, stream("good")).handle();
        store.write(good, 4, stream("-partial-garbage"));
        // The session never recorded the garbage (nor the handle that came with it): the client resumes at 4.
        String done = store.write(good, 4, stream("!")).handle();
        Digest digest = Digest.compute(DigestAlgorithm.SHA256, bytes("good!"));

        store.commit(done, 5, digest);

        assertThat(store.size(digest)).hasValue(5L);
        assertThat(read(digest, 0, 5)).isEqualTo(bytes("good!"));
    }

    @Test
    void readUpload_returnsBytesWrittenSoFar() throws IOException {
        String handle = store.createUpload();
        String written = store.write(handle, 0, stream("abcdef")).handle();

        try (InputStream in = store.readUpload(written, 4)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes("abcd"));
        }
        store.abort(handle);
    }

    @Test
    void abort_discardsUpload_andIsIdempotent() throws IOException {
        String handle = store.createUpload();
        String written = store.write(handle, 0, stream("abandoned")).handle();

        store.abort(written);
        store.abort(handle);

        assertThat(store.uploadsOlderThan(Instant.now().plusSeconds(60))).doesNotContain(store.uploadArea(handle));
    }

    @Test
    void uploadsOlderThan_listsOnlyUploadsBeforeCutoff() throws IOException {
        String handle = store.createUpload();

        String area = store.uploadArea(handle);
        assertThat(store.uploadsOlderThan(Instant.now().plusSeconds(60))).contains(area);
        assertThat(store.uploadsOlderThan(Instant.now().minusSeconds(3600))).doesNotContain(area);
        store.abort(handle);
    }

    @Test
    void commit_sameDigestConcurrently_leavesOneIntactCopy() throws Exception {
        byte[] content = new byte[1 << 20];
        new java.util.Random(7).nextBytes(content);
        Digest digest = Digest.compute(DigestAlgorithm.SHA256, content);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Callable<Void> commit = () -> {
                    String handle = store.createUpload();
                    String written = store.write(handle, 0, new ByteArrayInputStream(content)).handle();
                    store.commit(written, content.length, digest);
                    return null;
                };
                results.add(pool.submit(commit));
            }
            for (Future<Void> result : results) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(store.size(digest)).hasValue((long) content.length);
        assertThat(sha256(read(digest, 0, content.length))).isEqualTo(digest);
    }

    @Test
    void commit_blobAlreadyStored_keepsExistingAndDropsUpload() throws IOException {
        byte[] content = bytes("twice");
        Digest digest = put(content);
        String handle = store.createUpload();
        String written = store.write(handle, 0, stream("twice")).handle();

        store.commit(written, 5, digest);

        assertThat(read(digest, 0, 5)).isEqualTo(content);
        assertThat(store.uploadsOlderThan(Instant.now().plusSeconds(60))).doesNotContain(store.uploadArea(handle));
    }

    @Test
    void largeObject_streamsInAndOut() throws Exception {
        long size = 64L << 20;
        MessageDigest in = MessageDigest.getInstance("SHA-256");
        String handle = store.createUpload();
        BlobStore.Written result = store.write(handle, 0, new java.security.DigestInputStream(new PatternStream(size), in));
        long written = result.bytes();
        Digest digest = Digest.of(DigestAlgorithm.SHA256, in.digest());
        store.commit(result.handle(), written, digest);

        MessageDigest out = MessageDigest.getInstance("SHA-256");
        try (StoredBlob blob = store.open(digest).orElseThrow()) {
            blob.transferTo(0, blob.size(), Channels.newChannel(new java.security.DigestOutputStream(
                    java.io.OutputStream.nullOutputStream(), out)));
        }

        assertThat(written).isEqualTo(size);
        assertThat(Digest.of(DigestAlgorithm.SHA256, out.digest())).isEqualTo(digest);
    }

    protected Digest put(byte[] content) throws IOException {
        Digest digest = sha256(content);
        String handle = store.createUpload();
        String written = store.write(handle, 0, new ByteArrayInputStream(content)).handle();
        store.commit(written, content.length, digest);
        return digest;
    }

    protected byte[] read(Digest digest, long position, long count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StoredBlob blob = store.open(digest).orElseThrow()) {
            blob.transferTo(position, count, Channels.newChannel(out));
        }
        return out.toByteArray();
    }

    private static Digest sha256(byte[] content) {
        return Digest.compute(DigestAlgorithm.SHA256, content);
    }

    private static InputStream stream(String value) {
        return new ByteArrayInputStream(bytes(value));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** A deterministic stream of {@code size} bytes that is never held in memory. */
    static final class PatternStream extends InputStream {
        private long remaining;
        private long position;

        PatternStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining <= 0) {
                return -1;
            }
            remaining--;
            return (int) (position++ * 31 % 251);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) (position++ * 31 % 251);
            }
            remaining -= n;
            return n;
        }
    }
}
