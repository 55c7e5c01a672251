package dev.berth.registry.browse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import dev.berth.storage.BlobStore;
import dev.berth.storage.StoredBlob;

/**
 * Reads image configs for the browse API. Configs are small and never change (content-addressed),
 * so each is read once and its summary kept in a bounded cache; anything that is not an image
 * config, or larger than {@link #MAX_CONFIG_BYTES}, has no summary.
 */
@Component
class ImageConfigs {

    private static final Logger log = LoggerFactory.getLogger(ImageConfigs.class);
    static final long MAX_CONFIG_BYTES = 1 << 20;
    private static final int CACHED = 2_000;

    private final BlobStore store;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<Digest, Optional<ImageConfigSummary>> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Digest, Optional<ImageConfigSummary>> eldest) {
                    return size() > CACHED;
                }
            });

    ImageConfigs(BlobStore store) {
        this.store = store;
    }

    /** The summary of the manifest's config, when it is an image config Berth can read. */
    Optional<ImageConfigSummary> summary(Descriptor config, List<Descriptor> layers) {
        if (config == null || !MediaTypes.IMAGE_CONFIGS.contains(config.mediaType())
                || config.size() > MAX_CONFIG_BYTES) {
            return Optional.empty();
        }
        Optional<ImageConfigSummary> cached = cache.get(config.digest());
        if (cached == null) {
            cached = read(config.digest());
            cache.put(config.digest(), cached);
        }
        return cached.map(summary -> withLayerSizes(summary, layers));
    }

    private Optional<ImageConfigSummary> read(Digest digest) {
        try {
            Optional<StoredBlob> blob = store.open(digest);
            if (blob.isEmpty()) {
                return Optional.empty();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (StoredBlob open = blob.get()) {
                open.transferTo(0, Math.min(open.size(), MAX_CONFIG_BYTES), Channels.newChannel(bytes));
            }
            return Optional.of(parse(json.readTree(bytes.toByteArray())));
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            log.debug("image config {} is not readable: {}", digest, e.getMessage());
            return Optional.empty();
        }
    }

    private static ImageConfigSummary parse(JsonNode root) {
        JsonNode config = root.path("config");
        List<String> envNames = new ArrayList<>();
        for (JsonNode entry : config.path("Env")) {
            String text = entry.asString("");
            int eq = text.indexOf('=');
            envNames.add(eq < 0 ? text : text.substring(0, eq));
        }
        List<String> ports = new ArrayList<>();
        config.path("ExposedPorts").properties().forEach(port -> ports.add(port.getKey()));
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("Labels").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asString("")));
        List<ImageConfigSummary.HistoryEntry> history = new ArrayList<>();
        for (JsonNode step : root.path("history")) {
            history.add(new ImageConfigSummary.HistoryEntry(instant(step.path("created")),
                    text(step.path("created_by")), text(step.path("comment")),
                    step.path("empty_layer").asBoolean(false), null));
        }
        return new ImageConfigSummary(text(root.path("os")), text(root.path("architecture")),
                text(root.path("variant")), instant(root.path("created")), strings(config.path("Entrypoint")),
                strings(config.path("Cmd")), envNames, ports, labels, history);
    }

    /** Each non-empty history step made the next layer, in order. */
    private static ImageConfigSummary withLayerSizes(ImageConfigSummary summary, List<Descriptor> layers) {
        List<ImageConfigSummary.HistoryEntry> history = new ArrayList<>();
        int layer = 0;
        for (ImageConfigSummary.HistoryEntry step : summary.history()) {
            Long size = null;
            if (!step.emptyLayer() && layer < layers.size()) {
                size = layers.get(layer++).size();
            }
            history.add(new ImageConfigSummary.HistoryEntry(step.created(), step.createdBy(), step.comment(),
                    step.emptyLayer(), size));
        }
        return new ImageConfigSummary(summary.os(), summary.architecture(), summary.variant(), summary.created(),
                summary.entrypoint(), summary.cmd(), summary.envNames(), summary.exposedPorts(), summary.labels(),
                history);
    }

    private static List<String> strings(JsonNode array) {
        if (!array.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString("")));
        return values;
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }

    private static Instant instant(JsonNode node) {
        if (!node.isString()) {
            return null;
        }
        try {
            return Instant.parse(node.asString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
