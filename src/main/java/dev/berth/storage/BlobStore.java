package dev.berth.storage;

import java.io.IOException;
import java.io.InputStream;
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

    /** Creates an empty upload area and returns its handle, an opaque key this store understands. */
    String createUpload() throws IOException;

    /**
     * Writes {@code data} to the upload at {@code offset}, discarding anything previously written at
     * or past that offset (left over from an interrupted request), and returns the number of bytes
     * written. The stream is read to its end.
     */
    long write(String handle, long offset, InputStream data) throws IOException;

    /** Reads back the first {@code length} bytes of an upload (for verifying a digest of another algorithm). */
    InputStream readUpload(String handle, long length) throws IOException;

    /**
     * Makes the first {@code length} bytes of the upload the blob {@code digest}: durably, atomically,
     * and only once (a blob already stored is not written again). The upload area is gone afterwards.
     */
    void commit(String handle, long length, Digest digest) throws IOException;

    /** Discards an upload area; discarding one that is gone is not an error. */
    void abort(String handle) throws IOException;

    /**
     * Whether several Berth processes can write to this store at once. A store only one process
     * uses (a local disk) lets that process assume, at start, that no other writer is mid-upload.
     */
    boolean sharedBetweenProcesses();

    /** Upload areas last written before {@code cutoff}, for purging abandoned ones. */
    List<String> uploadsOlderThan(Instant cutoff) throws IOException;
}
