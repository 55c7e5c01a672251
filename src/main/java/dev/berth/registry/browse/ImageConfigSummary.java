package dev.berth.registry.browse;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an image config says about the image, without its environment's values (which may hold secrets).
 *
 * @param history one entry per build step; {@code layerSize} is the size of the layer the step made, if any
 */
public record ImageConfigSummary(String os, String architecture, String variant, Instant created,
                                 List<String> entrypoint, List<String> cmd, List<String> envNames,
                                 List<String> exposedPorts, Map<String, String> labels, List<HistoryEntry> history) {

    public record HistoryEntry(Instant created, String createdBy, String comment, boolean emptyLayer,
                               Long layerSize) {
    }
}
