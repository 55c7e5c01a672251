package dev.berth.oci;

import java.util.List;
import java.util.Map;

/**
 * What the registry needs to know of a manifest: its kind, the content it references and its
 * subject. The pushed bytes are kept elsewhere, unchanged; this is only read from them.
 *
 * @param config   the config descriptor of an image manifest, null for an index
 * @param layers   the layers of an image manifest, empty for an index
 * @param children the manifests of an index, empty for an image manifest
 * @param subject  the manifest this one refers to (signatures, SBOMs), or null
 */
public record Manifest(String mediaType, Descriptor config, List<Descriptor> layers, List<Descriptor> children,
                       Descriptor subject, String artifactType, Map<String, String> annotations) {

    public Manifest {
        layers = List.copyOf(layers);
        children = List.copyOf(children);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public boolean isIndex() {
        return MediaTypes.INDEXES.contains(mediaType);
    }

    /** The artifact type a referrers listing shows: the manifest's own, else its config's media type. */
    public String effectiveArtifactType() {
        if (artifactType != null) {
            return artifactType;
        }
        return config == null ? null : config.mediaType();
    }
}
