package dev.berth.oci;

import java.util.List;
import java.util.Map;

/**
 * A content descriptor: what a manifest says about a blob or another manifest.
 *
 * @param urls     where a non-distributable layer can be fetched from; usually empty
 * @param platform for index children, {@code os/architecture[/variant]}; otherwise null
 */
public record Descriptor(String mediaType, Digest digest, long size, String artifactType,
                         Map<String, String> annotations, String platform, List<String> urls) {

    public Descriptor {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        urls = urls == null ? List.of() : List.copyOf(urls);
    }

    /**
     * Whether the registry must hold this blob: not for non-distributable layers, which clients
     * fetch from their {@code urls} (Windows base layers).
     */
    public boolean isDistributable() {
        return urls.isEmpty() && !MediaTypes.NON_DISTRIBUTABLE_LAYERS.contains(mediaType);
    }
}
