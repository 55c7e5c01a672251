package dev.berth.registry.upload;

import java.time.Duration;
import java.time.Instant;

/**
 * Published when an upload's blob is verified and stored: a session from its opening {@code POST}
 * to its closing {@code PUT}, or a monolithic upload. Listeners must not fail the upload.
 *
 * @param started  when the upload began (the session's creation, or the monolithic request)
 * @param finished when the blob was recorded
 * @param size     the blob's size in bytes
 */
public record BlobUploadCompleted(Instant started, Instant finished, long size) {

    /** How long the upload took. */
    public Duration elapsed() {
        return Duration.between(started, finished);
    }
}
