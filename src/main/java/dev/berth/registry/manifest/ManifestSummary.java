package dev.berth.registry.manifest;

import dev.berth.oci.Digest;

/** What {@code HEAD} answers for a manifest; agrees with {@code GET} on every field. */
public record ManifestSummary(Digest digest, String mediaType, long size) {
}
