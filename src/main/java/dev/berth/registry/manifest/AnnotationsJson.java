package dev.berth.registry.manifest;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Annotations kept beside a manifest (as JSON text) so referrers listings need not re-read payloads. */
final class AnnotationsJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private AnnotationsJson() {
    }

    static String write(Map<String, String> annotations) {
        return annotations.isEmpty() ? null : MAPPER.writeValueAsString(annotations);
    }

    static Map<String, String> read(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        return MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
    }
}
