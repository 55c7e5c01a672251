package dev.berth.clients;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import dev.berth.support.RegistryClient;

/**
 * Writes OCI image layouts by hand (oci-layout, index.json, blobs/sha256/...), so the tests need no
 * base image and no network. Everything is deterministic: the same files give the same layer, config
 * and manifest digests on every run (tar entries with fixed owner and time, gzip without a timestamp).
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/image-layout.md">image-spec: image layout</a>
 */
final class OciLayoutWriter {

    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String INDEX = "application/vnd.oci.image.index.v1+json";
    static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

    /** A blob of the layout: what a manifest or index points to. */
    record Descriptor(String mediaType, String digest, long size, String platformJson) {

        String json() {
            return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size
                    + (platformJson == null ? "" : ",\"platform\":" + platformJson) + "}";
        }
    }

    /** An image written to the layout: its manifest and the blobs the manifest names. */
    record Image(Descriptor manifest, Descriptor config, List<Descriptor> layers) {
    }

    private final Path dir;
    private final List<String> refs = new ArrayList<>();

    OciLayoutWriter(Path dir) {
        this.dir = dir;
        write(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        writeIndexJson();
    }

    Path dir() {
        return dir;
    }

    /** Files for a layer from name, text pairs. */
    static Map<String, byte[]> files(String... namesAndTexts) {
        Map<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i + 1 < namesAndTexts.length; i += 2) {
            files.put(namesAndTexts[i], namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    /**
     * {@code size} bytes that gzip cannot shrink, the same for the same seed: makes layers big enough
     * to take the registry's large-blob paths (streaming in several writes) without making the tests slow.
     */
    static byte[] noise(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** Writes a one-layer linux image for {@code architecture} holding {@code files} (path to content). */
    Image image(String architecture, Map<String, byte[]> files) {
        return image(architecture, files,
                "{\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"]}", "");
    }

    /**
     * The same with the image config's {@code config} object given ({@code Env}, {@code Entrypoint},
     * {@code Labels}, ...) and {@code extraFields}: more top-level fields, each followed by a comma
     * ({@code "created":"...","history":[...],}).
     */
    Image image(String architecture, Map<String, byte[]> files, String containerConfig, String extraFields) {
        byte[] tar = tar(files);
        Descriptor layer = blob(LAYER, gzip(tar), null);
        String config = "{" + extraFields + "\"architecture\":\"" + architecture + "\",\"os\":\"linux\","
                + "\"config\":" + containerConfig + ",\"rootfs\":"
                + "{\"type\":\"layers\",\"diff_ids\":[\"" + RegistryClient.sha256(tar) + "\"]}}";
        Descriptor configBlob = blob(CONFIG, config.getBytes(StandardCharsets.UTF_8), null);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":" + configBlob.json()
                + ",\"layers\":[" + layer.json() + "]}";
        Descriptor manifestBlob = blob(MANIFEST, manifest.getBytes(StandardCharsets.UTF_8),
                "{\"architecture\":\"" + architecture + "\",\"os\":\"linux\"}");
        return new Image(manifestBlob, configBlob, List.of(layer));
    }

    /** Writes an image index over {@code images} (each manifest descriptor carries its platform). */
    Descriptor index(List<Image> images) {
        List<String> manifests = new ArrayList<>();
        for (Image image : images) {
            manifests.add(image.manifest().json());
        }
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":["
                + String.join(",", manifests) + "]}";
        return blob(INDEX, index.getBytes(StandardCharsets.UTF_8), null);
    }

    /** The bytes of a blob this layout holds. */
    byte[] bytes(Descriptor descriptor) {
        return OciLayouts.read(dir.resolve("blobs/sha256/" + descriptor.digest().substring("sha256:".length())));
    }

    /** Names {@code target} in index.json, so it can be addressed as {@code oci:<dir>:<ref>}. */
    void tag(String ref, Descriptor target) {
        refs.add("{\"mediaType\":\"" + target.mediaType() + "\",\"digest\":\"" + target.digest() + "\",\"size\":"
                + target.size() + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + ref + "\"}}");
        writeIndexJson();
    }

    /** An uncompressed tar of {@code files}, as {@code docker import} and {@code podman import} take it. */
    static byte[] tar(Map<String, byte[]> files) {
        SortedMap<String, byte[]> sorted = new TreeMap<>(files);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> file : sorted.entrySet()) {
            byte[] content = file.getValue();
            out.writeBytes(tarHeader(file.getKey(), content.length));
            out.writeBytes(content);
            out.writeBytes(new byte[(int) ((512 - content.length % 512) % 512)]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private Descriptor blob(String mediaType, byte[] content, String platformJson) {
        String digest = RegistryClient.sha256(content);
        write(dir.resolve("blobs/sha256/" + digest.substring("sha256:".length())), content);
        return new Descriptor(mediaType, digest, content.length, platformJson);
    }

    private void writeIndexJson() {
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":["
                + String.join(",", refs) + "]}";
        write(dir.resolve("index.json"), index.getBytes(StandardCharsets.UTF_8));
    }

    /** A ustar header for a regular file owned by root, mode 0644, time 0. */
    private static byte[] tarHeader(String name, long size) {
        byte[] header = new byte[512];
        put(header, 0, 100, name);
        put(header, 100, 8, "0000644");
        put(header, 108, 8, "0000000");
        put(header, 116, 8, "0000000");
        put(header, 124, 12, String.format("%011o", size));
        put(header, 136, 12, String.format("%011o", 0));
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        header[156] = '0';
        put(header, 257, 6, "ustar");
        put(header, 263, 2, "00");
        long checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        put(header, 148, 8, String.format("%06o", checksum));
        header[155] = ' ';
        return header;
    }

    private static void put(byte[] header, int offset, int length, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > length) {
            throw new IllegalArgumentException("tar field too long: " + value);
        }
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    /** Java's gzip header carries no time and no name, so equal input gives equal bytes. */
    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
