package dev.berth.registry;

import dev.berth.oci.Digest;

/** A blob as a repository sees it. */
public record BlobInfo(Digest digest, long size) {
}
