package dev.berth.support;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Builds small, valid image manifests for tests. */
public final class TestImages {

    private TestImages() {
    }

    /** An OCI image manifest with one config and the given layers (digest, size pairs already pushed). */
    public static byte[] ociManifest(String configDigest, long configSize, String... layerDigestsAndSizes) {
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i + 1 < layerDigestsAndSizes.length; i += 2) {
            if (layers.length() > 0) {
                layers.append(',');
            }
            layers.append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
                    .append(layerDigestsAndSizes[i]).append("\",\"size\":").append(layerDigestsAndSizes[i + 1])
                    .append('}');
        }
        String json = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + configSize + "},\"layers\":[" + layers + "]}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Pushes an image of its own (a config and a layer no other push has) to {@code repository} as
     * {@code tag}; returns the manifest's digest.
     */
    public static String pushUnique(RegistryClient client, String repository, String tag) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"n\":\"" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = client.pushBlob(repository, config);
        byte[] layer = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        String layerDigest = client.pushBlob(repository, layer);
        return client.putManifest(repository, tag, "application/vnd.oci.image.manifest.v1+json",
                ociManifest(configDigest, config.length, layerDigest, Integer.toString(layer.length)));
    }
}
