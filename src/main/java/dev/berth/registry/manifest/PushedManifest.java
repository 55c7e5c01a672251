package dev.berth.registry.manifest;

import java.util.List;

import dev.berth.oci.Digest;
import dev.berth.oci.Tag;

/** The outcome of a manifest {@code PUT}: its digest, its subject (if any) and the tags it now has. */
public record PushedManifest(Digest digest, Digest subject, List<Tag> tags) {

    public PushedManifest {
        tags = List.copyOf(tags);
    }
}
