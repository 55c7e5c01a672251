package dev.berth.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.support.RegistryClient;

/** Reads what a client wrote: image layouts (OCI {@code oci:}, skopeo {@code dir:}) and JSON output. */
final class OciLayouts {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private OciLayouts() {
    }

    /** The digest index.json of an OCI layout gives to {@code ref}. */
    static String refDigest(Path layout, String ref) {
        for (JsonNode manifest : json(layout.resolve("index.json")).get("manifests")) {
            JsonNode annotations = manifest.get("annotations");
            if (annotations != null && annotations.has("org.opencontainers.image.ref.name")
                    && ref.equals(annotations.get("org.opencontainers.image.ref.name").asString())) {
                return manifest.get("digest").asString();
            }
        }
        throw new AssertionError("no " + ref + " in " + read(layout.resolve("index.json")));
    }

    /**
     * Every blob of an OCI layout as digest to size, after checking each file hashes to its own
     * name: equal maps mean byte-for-byte equal images.
     */
    static Map<String, Long> blobs(Path layout) {
        return verifiedFiles(layout.resolve("blobs/sha256"), "");
    }

    /** The blobs of a skopeo {@code dir:} copy (files named by hex digest; manifest.json apart). */
    static Map<String, Long> dirBlobs(Path dir) {
        return verifiedFiles(dir, "manifest.json", "version", "signature-1");
    }

    static JsonNode json(Path file) {
        return JSON.readTree(read(file));
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Long> verifiedFiles(Path dir, String... ignored) {
        Map<String, Long> blobs = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (java.util.Arrays.asList(ignored).contains(name)) {
                    continue;
                }
                byte[] content = Files.readAllBytes(file);
                String digest = RegistryClient.sha256(content);
                if (!digest.equals("sha256:" + name)) {
                    throw new AssertionError(file + " holds content with digest " + digest);
                }
                blobs.put(digest, (long) content.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return blobs;
    }
}
