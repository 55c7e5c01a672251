package dev.berth.registry.browse;

import java.time.Instant;
import java.util.List;

/**
 * A tag as the browse API lists it.
 *
 * @param sizeBytes  the compressed size of what a pull fetches: manifest, config and layers (for an
 *                   index, of every child it holds)
 * @param platforms  for an index, each child's platform; for an image, its config's
 * @param createdAt  the {@code created} time of the image config, when it says one
 * @param pushedAt   when the tag was last set
 * @param referrers  the artifacts (signatures, SBOMs, attestations) that refer to the manifest
 * @param revalidatedAt in a cached namespace, when the upstream last confirmed the tag; null otherwise
 */
public record TagSummary(String name, String digest, String mediaType, long sizeBytes, List<Platform> platforms,
                         Instant createdAt, Instant pushedAt, ReferrerCount referrers, Instant revalidatedAt) {

    /** How many manifests refer to this one, and their artifact types. */
    public record ReferrerCount(int count, List<String> artifactTypes) {
    }
}
