package dev.berth.metadata;

import java.time.Instant;

import dev.berth.oci.RepositoryName;

/**
 * An upload session's whole state, so that any replica, or the same one after a restart, can
 * continue it.
 *
 * @param offset       the bytes the session holds
 * @param claimedUntil when the claim of the writer streaming a chunk into it expires; null when
 *                     no writer has it
 */
public record UploadRow(String id, RepositoryName repository, long offset, byte[] hashState, String storageHandle,
                        Instant createdAt, Instant updatedAt, Instant claimedUntil) {

    /** Whether a writer holds the session at {@code now}. */
    public boolean claimedAt(Instant now) {
        return claimedUntil != null && claimedUntil.isAfter(now);
    }
}
