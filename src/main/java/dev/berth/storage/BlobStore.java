package dev.berth.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.berth.oci.Digest;

/**
 * The byte store beneath the registry: content-addressed blobs and the upload areas that become
 * them. It knows bytes and keys only; repositories, links and verification belong to the caller.
 * Every implementation passes {@code BlobStoreContractTest}.
 */
public interface BlobStore {

    /** The size of the stored blob, if it is stored. */
    Optional<Long> size(Digest digest) throws IOException;

    /** Opens a stored blob for reading; empty when it is not stored. */
    Optional<StoredBlob> open(Digest digest) throws IOException;

    /** Removes a stored blob; removing one that is absent is not an error. */
    void delete(Digest digest) throws IOException;

    /**
     * Creates an empty upload area and returns its handle, an opaque string this store understands.
     * The caller keeps the handle with the upload session (in the database), so any process can
     * continue the upload with it.
     */
    String createUpload() throws IOException;

    /**
     * Writes {@code data} to the upload at {@code offset}, discarding anything previously written at
     * or past that offset (left over from an interrupted request). The stream is read to its end.
     * Returns the bytes written and the upload's handle from now on: a store that keeps state per
     * upload (an S3 multipart upload's part list) puts it in the handle rather than in memory, and
     * the caller stores it only once it has recorded the new offset. {@code handle} must be the one
     * that goes with {@code offset}.
     */
    Written write(String handle, long offset, InputStream data) throws IOException;

    /** The outcome of {@link #write}: bytes written, and the handle that now describes the upload. */
    record Written(String handle, long bytes) {
    }

    /**
     * The stable name of the upload area behind a handle: the same for every handle {@link #write}
     * returns for one upload, and what {@link #uploadsOlderThan} lists.
     */
    default String uploadArea(String handle) {
        return handle;
    }

    /** Reads back the first {@code length} bytes of an upload (for verifying a digest of another algorithm). */
    InputStream readUpload(String handle, long length) throws IOException;

    /**
     * Makes the first {@code length} bytes of the upload the blob {@code digest}: durably, atomically,
     * and only once (a blob already stored is not written again). The upload area is gone afterwards.
     */
    void commit(String handle, long length, Digest digest) throws IOException;

    /** Discards an upload area, given a handle or an area name; discarding one that is gone is not an error. */
    void abort(String handle) throws IOException;

    /**
     * Whether several Berth processes can write to this store at once. A store only one process
     * uses (a local disk) lets that process assume, at start, that no other writer is mid-upload.
     */
    boolean sharedBetweenProcesses();

    /** Names of upload areas ({@link #uploadArea}) last written before {@code cutoff}, for purging abandoned ones. */
    List<String> uploadsOlderThan(Instant cutoff) throws IOException;

    /**
     * A URL from which a client can fetch the stored blob directly for a limited time, when this
     * store serves its bytes itself and is configured to; empty means the caller streams the bytes.
     * It does not check that the blob exists.
     */
    default Optional<URI> presignedGet(Digest digest) throws IOException {
        return Optional.empty();
    }

    /**
     * Checks that the store is usable (reachable, writable, credentials accepted), throwing an
     * exception whose message says what is wrong otherwise. Used at start-up and by the health check.
     */
    void check() throws IOException;
}
