package dev.berth.proxy;

import java.util.List;
import java.util.Random;

import dev.berth.support.RegistryClient;
import dev.berth.support.TestImages;

/** A small OCI image pushed to an upstream for a test: its manifest and the blobs it names. */
record PushedImage(String digest, byte[] manifest, String configDigest, byte[] config, List<String> layerDigests,
                   List<byte[]> layers) {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    /** Pushes a config and {@code layerCount} layers of {@code layerSize} random bytes, then the manifest under {@code tag}. */
    static PushedImage push(RegistryClient registry, String repository, String tag, int layerCount, int layerSize,
                            long seed) {
        Random random = new Random(seed);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"seed\":" + seed + "}").getBytes();
        String configDigest = pushBlob(registry, repository, config);
        List<byte[]> layers = new java.util.ArrayList<>();
        List<String> digests = new java.util.ArrayList<>();
        String[] pairs = new String[layerCount * 2];
        for (int i = 0; i < layerCount; i++) {
            byte[] layer = new byte[layerSize];
            random.nextBytes(layer);
            layers.add(layer);
            digests.add(pushBlob(registry, repository, layer));
            pairs[2 * i] = digests.get(i);
            pairs[2 * i + 1] = String.valueOf(layerSize);
        }
        byte[] manifest = TestImages.ociManifest(configDigest, config.length, pairs);
        String digest = registry.putManifest(repository, tag, OCI_MANIFEST, manifest);
        return new PushedImage(digest, manifest, configDigest, config, List.copyOf(digests), List.copyOf(layers));
    }

    /** POST then PUT with the bytes: what every registry takes (CNCF Distribution has no monolithic POST). */
    private static String pushBlob(RegistryClient registry, String repository, byte[] content) {
        String digest = RegistryClient.sha256(content);
        java.net.http.HttpResponse<byte[]> session = registry.send("POST", "/v2/" + repository + "/blobs/uploads/",
                null);
        String location = session.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("upload start answered " + session.statusCode()));
        java.net.http.HttpResponse<byte[]> put = registry.send("PUT", location + (location.contains("?") ? "&" : "?")
                + "digest=" + digest, content, "Content-Type", "application/octet-stream");
        if (put.statusCode() != 201) {
            throw new AssertionError("blob push answered " + put.statusCode() + ": " + RegistryClient.text(put));
        }
        return digest;
    }
}
