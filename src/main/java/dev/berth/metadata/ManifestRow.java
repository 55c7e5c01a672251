package dev.berth.metadata;

/** A manifest with its payload, read in one query for {@code GET}. */
public record ManifestRow(long id, String digest, String mediaType, long size, byte[] payload) {
}
