package dev.berth.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.berth.oci.Digest;

/**
 * The one blob store algorithm, over any back-end's {@link ByteStore}: blobs at their
 * {@link BlobLayout} key, uploads in areas named here, and the commit that makes an upload a blob.
 *
 * <p>A commit happens once per content: a blob already stored is not written again (its bytes are
 * the same, by their digest), and the upload is discarded. Otherwise the back-end seals the upload;
 * bytes it sealed on an earlier attempt are read back and checked against the digest before they
 * are promoted, because the session may have been continued with other bytes since.
 */
public final class ContentAddressedBlobStore implements BlobStore, AutoCloseable {

    private static final int VERIFY_BUFFER = 256 * 1024;

    private final ByteStore bytes;

    public ContentAddressedBlobStore(ByteStore bytes) {
        this.bytes = bytes;
    }

    @Override
    public Optional<Long> size(Digest digest) throws IOException {
        return bytes.size(BlobLayout.blobKey(digest));
    }

    @Override
    public Optional<StoredBlob> open(Digest digest) throws IOException {
        return bytes.open(BlobLayout.blobKey(digest));
    }

    @Override
    public void delete(Digest digest) throws IOException {
        bytes.delete(BlobLayout.blobKey(digest));
    }

    @Override
    public String createUpload() throws IOException {
        return bytes.createUpload(BlobLayout.newArea());
    }

    @Override
    public Written write(String handle, long offset, InputStream data) throws IOException {
        return bytes.write(handle, offset, data);
    }

    @Override
    public String uploadArea(String handle) {
        return bytes.areaOf(handle);
    }

    @Override
    public InputStream readUpload(String handle, long length) throws IOException {
        return bytes.readUpload(handle, length);
    }

    @Override
    public void commit(String handle, long length, Digest digest) throws IOException {
        String area = bytes.areaOf(handle);
        String key = BlobLayout.blobKey(digest);
        if (bytes.size(key).isEmpty()) {
            if (bytes.seal(handle, length) == ByteStore.Sealed.EARLIER) {
                verify(handle, length, digest);
            }
            bytes.promote(handle, length, key);
        }
        bytes.discard(area);
    }

    @Override
    public void abort(String handle) throws IOException {
        bytes.discard(bytes.areaOf(handle));
    }

    @Override
    public boolean sharedBetweenProcesses() {
        return bytes.sharedBetweenProcesses();
    }

    @Override
    public List<String> uploadsOlderThan(Instant cutoff) throws IOException {
        return bytes.uploads().stream()
                .filter(upload -> upload.lastWritten().isBefore(cutoff))
                .map(ByteStore.UploadActivity::area)
                .toList();
    }

    @Override
    public Optional<URI> presignedGet(Digest digest) throws IOException {
        return bytes.presignedGet(BlobLayout.blobKey(digest));
    }

    @Override
    public void check() throws IOException {
        bytes.check();
    }

    /** Releases the back-end's clients, if it holds any. */
    @Override
    public void close() {
        bytes.close();
    }

    /** Reads the sealed bytes back and checks them; the rare path, so its cost is acceptable. */
    private void verify(String handle, long length, Digest digest) throws IOException {
        MessageDigest hash = digest.algorithm().newMessageDigest();
        try (InputStream in = bytes.readUpload(handle, length)) {
            byte[] buffer = new byte[VERIFY_BUFFER];
            int n;
            while ((n = in.read(buffer)) != -1) {
                hash.update(buffer, 0, n);
            }
        }
        Digest actual = Digest.of(digest.algorithm(), hash.digest());
        if (!actual.equals(digest)) {
            throw new IOException("upload area " + bytes.areaOf(handle) + " holds " + actual + ", not " + digest
                    + "; the upload cannot be completed and must be started again");
        }
    }
}
