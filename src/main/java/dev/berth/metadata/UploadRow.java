package dev.berth.metadata;

import java.time.Instant;

/**
 * An upload session's whole state, so that any replica, or the same one after a restart, can
 * continue it. {@code offset} is {@code -(offset + 1)} while a writer has the session claimed.
 */
public record UploadRow(String id, String repositoryName, long offset, byte[] hashState, String storageHandle,
                        Instant createdAt, Instant updatedAt) {
}
