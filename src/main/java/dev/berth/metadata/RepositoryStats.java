package dev.berth.metadata;

import java.time.Instant;

/** What the browse API shows of a repository, read in one query with the others. */
public record RepositoryStats(Long id, String name, Instant createdAt, Long tagCount, Long manifestBytes,
                              Instant lastTaggedAt, Instant lastManifestAt) {
}
