package dev.berth.registry.manifest;

import dev.berth.oci.Digest;

/** A stored manifest: its exact bytes and the media type it was pushed with. */
public record ManifestContent(Digest digest, String mediaType, byte[] payload) {
}
