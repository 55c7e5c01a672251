package dev.berth.registry.browse;

import java.time.Instant;

/**
 * A repository as the browse API lists it.
 *
 * @param sizeBytes  the bytes it takes: its manifests and the blobs linked to it, each blob counted once
 * @param totalBytes the bytes its manifests add up to with nothing shared: each manifest's config and
 *                   layers counted for every manifest that references them
 * @param upstream   for a cached namespace's repository, the URL of the registry it mirrors; null otherwise
 */
public record RepositorySummary(String name, long tagCount, long sizeBytes, long totalBytes, Instant lastPushedAt,
                                String upstream) {
}
