package dev.berth.registry.browse;

import java.util.List;
import java.util.Map;

/**
 * A manifest as the browse API shows it.
 *
 * @param config    the config descriptor (images and artifacts), or null for an index
 * @param image     what the image config says, for images whose config is an image config
 * @param sizeBytes what a pull of it fetches, as in {@link TagSummary#sizeBytes()}
 */
public record ManifestDetail(String digest, String mediaType, String artifactType, long size, long sizeBytes,
                             DescriptorView config, List<DescriptorView> layers, List<DescriptorView> children,
                             DescriptorView subject, Map<String, String> annotations, ImageConfigSummary image,
                             List<String> tags, List<DescriptorView> referrers) {

    /** A descriptor with its digest as text; {@code platform} only for index children. */
    public record DescriptorView(String mediaType, String digest, long size, String artifactType,
                                 Platform platform, Map<String, String> annotations) {
    }
}
