package dev.berth.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.berth.storage.BlobStore.Written;

/**
 * What a back-end provides beneath {@link ContentAddressedBlobStore}: objects by key
 * ({@link BlobLayout}) and upload areas that become objects. Only what differs between back-ends is
 * here (how an area holds bytes, how it becomes an object); the layout, commit-once, digest
 * checking and purge selection are written once above. Every back-end passes
 * {@code BlobStoreContractTest}.
 */
public interface ByteStore extends AutoCloseable {

    /** The size of the object at {@code key}, if there is one. */
    Optional<Long> size(String key) throws IOException;

    /** Opens the object at {@code key} for ranged reads; empty when there is none. */
    Optional<StoredBlob> open(String key) throws IOException;

    /** Removes the object at {@code key}; removing an absent one is not an error. */
    void delete(String key) throws IOException;

    /** Creates the empty upload area {@code area} and returns the handle its first write takes. */
    String createUpload(String area) throws IOException;

    /** See {@link BlobStore#write}: the same contract, for a handle this back-end issued. */
    Written write(String handle, long offset, InputStream data) throws IOException;

    /** The area a handle writes to; also accepts an area name. Refuses what this back-end never issued. */
    String areaOf(String handle);

    /** See {@link BlobStore#readUpload}. */
    InputStream readUpload(String handle, long length) throws IOException;

    /**
     * Makes the first {@code length} bytes of the upload one finished, durable object in its area,
     * ready for {@link #promote}. Idempotent.
     */
    Sealed seal(String handle, long length) throws IOException;

    /** Whether the sealed bytes are the ones the handle describes, or were sealed earlier and must be checked. */
    enum Sealed {
        /** Sealed now from what the handle describes. */
        AS_WRITTEN,
        /**
         * Sealed by an earlier call whose session may have been continued with other bytes since: the
         * caller reads them back ({@link #readUpload}) and checks their digest before promoting.
         */
        EARLIER
    }

    /**
     * Moves a sealed upload's bytes to {@code key}, atomically: a reader sees the whole object or
     * none. A concurrent promotion of the same content to the same key is harmless.
     */
    void promote(String handle, long length, String key) throws IOException;

    /** Removes an upload area and everything in it, given an area name; a gone one is not an error. */
    void discard(String area) throws IOException;

    /** Every upload area with the time its bytes were last written. */
    List<UploadActivity> uploads() throws IOException;

    /** An upload area and its last write. */
    record UploadActivity(String area, Instant lastWritten) {
    }

    /** See {@link BlobStore#presignedGet}. */
    default Optional<URI> presignedGet(String key) throws IOException {
        return Optional.empty();
    }

    /** See {@link BlobStore#sharedBetweenProcesses}. */
    boolean sharedBetweenProcesses();

    /** See {@link BlobStore#check}. */
    void check() throws IOException;

    /** Releases the back-end's clients, if it holds any. */
    @Override
    default void close() {
    }
}
