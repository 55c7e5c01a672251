package dev.berth.registry.manifest;

import dev.berth.metadata.ManifestRows;
import dev.berth.metadata.ReferenceKind;
import dev.berth.oci.Manifest;

/** The rows that say what a manifest points at: what validation, referrers and garbage collection read. */
final class ManifestReferences {

    private ManifestReferences() {
    }

    static void record(ManifestRows manifests, long manifestId, Manifest manifest) {
        if (manifest.config() != null) {
            manifests.insertReference(manifestId, manifest.config().digest(), ReferenceKind.CONFIG);
        }
        manifest.layers().forEach(layer -> manifests.insertReference(manifestId, layer.digest(), ReferenceKind.LAYER));
        manifest.children().forEach(child -> manifests.insertReference(manifestId, child.digest(), ReferenceKind.CHILD));
        if (manifest.subject() != null) {
            manifests.insertReference(manifestId, manifest.subject().digest(), ReferenceKind.SUBJECT);
        }
    }
}
