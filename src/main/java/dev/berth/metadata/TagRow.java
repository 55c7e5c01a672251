package dev.berth.metadata;

import java.time.Instant;

/** A tag with the manifest it names, payload included (manifests are small; indexes list their platforms). */
public record TagRow(String name, Instant updatedAt, Long manifestId, String digest, String mediaType,
                     String artifactType, Long size, byte[] payload) {
}
