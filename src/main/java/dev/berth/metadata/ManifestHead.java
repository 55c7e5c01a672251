package dev.berth.metadata;

/** What a manifest {@code HEAD} needs, without the payload. */
public record ManifestHead(long id, String digest, String mediaType, long size) {
}
