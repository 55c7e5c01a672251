package dev.berth.metadata;

/** What a manifest {@code HEAD} needs, without the payload. */
public record ManifestHead(String digest, String mediaType, long size) {
}
