package dev.berth.oci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads manifests and indexes pushed by clients, checking the rules of the image spec that a
 * registry must enforce. Parsing is bounded (depth, string and document size) so hostile JSON is
 * refused as {@code MANIFEST_INVALID} rather than exhausting the stack or the heap.
 */
public final class ManifestParser {

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64)
                            .maxStringLength(1 << 20)
                            .maxDocumentLength(16L << 20)
                            .maxNumberLength(32)
                            .build())
                    .build())
            .build();

    private ManifestParser() {
    }

    /**
     * Parses {@code payload}, pushed with {@code contentType} (may be null).
     *
     * @throws OciException {@code MANIFEST_INVALID} for anything the spec does not allow
     */
    public static Manifest parse(byte[] payload, String contentType) {
        JsonNode root = readTree(payload);
        if (!root.isObject()) {
            throw invalid("a manifest must be a JSON object");
        }
        String declared = textOrNull(root, "mediaType");
        // Only the JSON number counts: asInt would also turn the string "2" (or 2.5) into 2.
        JsonNode version = root.get("schemaVersion");
        int schemaVersion = version != null && version.isIntegralNumber() && version.canConvertToInt()
                ? version.asInt() : -1;
        String headerType = MediaTypes.essence(contentType);
        if (MediaTypes.DOCKER_SCHEMA1.equals(declared) || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(declared)
                || MediaTypes.DOCKER_SCHEMA1.equals(headerType) || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(headerType)
                || schemaVersion == 1) {
            throw invalid("Docker image manifest schema 1 is deprecated and not accepted; push schema 2 or OCI");
        }
        if (schemaVersion != 2) {
            throw invalid("schemaVersion must be 2");
        }
        boolean hasImageFields = root.has("config") || root.has("layers");
        boolean hasIndexFields = root.has("manifests");
        if (hasImageFields && hasIndexFields) {
            throw invalid("a manifest cannot have both config/layers and manifests");
        }
        String mediaType = effectiveMediaType(headerType, declared, hasIndexFields);
        if (!MediaTypes.isManifest(mediaType)) {
            throw invalid("unsupported manifest media type: " + Digest.abbreviate(mediaType));
        }
        Descriptor subject = root.has("subject") ? descriptor(root.get("subject"), "subject") : null;
        String artifactType = textOrNull(root, "artifactType");
        Map<String, String> annotations = annotations(root.get("annotations"), "annotations");
        if (MediaTypes.INDEXES.contains(mediaType)) {
            if (hasImageFields) {
                throw invalid("an index cannot have config or layers");
            }
            JsonNode manifests = root.get("manifests");
            if (manifests == null || !manifests.isArray()) {
                throw invalid("an index needs a manifests array");
            }
            return new Manifest(mediaType, null, List.of(), descriptors(manifests, "manifests"), subject,
                    artifactType, annotations);
        }
        if (hasIndexFields) {
            throw invalid("an image manifest cannot have manifests");
        }
        JsonNode config = root.get("config");
        if (config == null) {
            throw invalid("an image manifest needs a config");
        }
        JsonNode layers = root.get("layers");
        if (layers != null && !layers.isArray()) {
            throw invalid("layers must be an array");
        }
        List<Descriptor> layerList = layers == null ? List.of() : descriptors(layers, "layers");
        return new Manifest(mediaType, descriptor(config, "config"), layerList, List.of(), subject, artifactType,
                annotations);
    }

    private static String effectiveMediaType(String headerType, String declared, boolean looksLikeIndex) {
        boolean headerNamesManifest = headerType != null && MediaTypes.isManifest(headerType);
        if (headerNamesManifest && declared != null && !declared.equals(headerType)) {
            throw invalid("mediaType " + Digest.abbreviate(declared) + " does not match Content-Type " + headerType);
        }
        if (headerNamesManifest) {
            return headerType;
        }
        if (declared != null) {
            return declared;
        }
        if (headerType != null && !"application/json".equals(headerType)
                && !"application/octet-stream".equals(headerType)) {
            return headerType;
        }
        // OCI manifests may omit mediaType; their shape tells what they are.
        return looksLikeIndex ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }

    private static List<Descriptor> descriptors(JsonNode array, String field) {
        List<Descriptor> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            result.add(descriptor(array.get(i), field + "[" + i + "]"));
        }
        return result;
    }

    private static Descriptor descriptor(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw invalid(field + " must be a descriptor object");
        }
        String mediaType = textOrNull(node, "mediaType");
        if (mediaType == null || mediaType.isEmpty()) {
            throw invalid(field + ".mediaType is required");
        }
        String digestText = textOrNull(node, "digest");
        Digest digest;
        try {
            digest = Digest.parse(digestText);
        } catch (OciException e) {
            throw invalid(field + ".digest is invalid: " + Digest.abbreviate(digestText));
        }
        JsonNode size = node.get("size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw invalid(field + ".size must be a non-negative integer");
        }
        return new Descriptor(mediaType, digest, size.asLong(), textOrNull(node, "artifactType"),
                annotations(node.get("annotations"), field + ".annotations"), platform(node.get("platform")),
                urls(node.get("urls"), field + ".urls"));
    }

    private static String platform(JsonNode platform) {
        if (platform == null || !platform.isObject()) {
            return null;
        }
        String os = platform.path("os").asString("");
        String architecture = platform.path("architecture").asString("");
        String variant = platform.path("variant").asString("");
        return variant.isEmpty() ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
    }

    private static List<String> urls(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid(field + " must be an array of strings");
        }
        List<String> result = new ArrayList<>(node.size());
        for (JsonNode url : node) {
            if (!url.isString()) {
                throw invalid(field + " must be an array of strings");
            }
            result.add(url.asString());
        }
        return result;
    }

    private static Map<String, String> annotations(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw invalid(field + " must be an object of strings");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isString()) {
                throw invalid(field + " values must be strings");
            }
            result.put(entry.getKey(), entry.getValue().asString());
        }
        return result;
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw invalid(field + " must be a string");
        }
        return value.asString();
    }

    private static JsonNode readTree(byte[] payload) {
        try {
            JsonNode root = MAPPER.readTree(payload);
            if (root == null || root.isMissingNode()) {
                throw invalid("the manifest is empty");
            }
            return root;
        } catch (JacksonException e) {
            throw invalid("the manifest is not valid JSON: " + Digest.abbreviate(e.getOriginalMessage()));
        }
    }

    private static OciException invalid(String detail) {
        return new OciException(OciErrorCode.MANIFEST_INVALID, detail);
    }
}
