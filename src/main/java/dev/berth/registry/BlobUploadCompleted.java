package dev.berth.registry;

import java.time.Duration;

/**
 * Published when an upload's blob is verified and stored: a session from its opening {@code POST}
 * to its closing {@code PUT}, or a monolithic upload. Listeners must not fail the upload.
 *
 * @param elapsed from the start of the upload to the blob being recorded
 * @param size    the blob's size in bytes
 */
public record BlobUploadCompleted(Duration elapsed, long size) {
}
