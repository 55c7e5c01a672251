package dev.berth.registry;

import java.time.Instant;

/**
 * A repository as the browse API lists it.
 *
 * @param sizeBytes the bytes of its manifests and of the blobs linked to it, each blob counted once
 */
public record RepositorySummary(String name, long tagCount, long sizeBytes, Instant lastPushedAt) {
}
