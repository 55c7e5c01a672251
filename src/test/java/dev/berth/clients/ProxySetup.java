package dev.berth.clients;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;

/**
 * What the pull-through cache tests with real clients share: the {@code berth.proxy.*} settings of
 * a caching Berth, and images pushed to an upstream as the tests' content.
 */
final class ProxySetup {

    private ProxySetup() {
    }

    /** One upstream of the cache: its namespace, URL, registry host (null: the default), and whether the cache logs in as admin. */
    record Mirror(String name, String url, String registryHost, boolean asAdmin) {

        /** A Berth upstream the cache logs into as admin. */
        static Mirror berth(String name, int port, String registryHost) {
            return new Mirror(name, "http://127.0.0.1:" + port, registryHost, true);
        }

        /** An upstream the cache pulls from anonymously. */
        static Mirror anonymous(String name, String url) {
            return new Mirror(name, url, null, false);
        }
    }

    /**
     * The settings of a caching Berth mirroring {@code mirrors}, with {@code extra} ones after
     * ({@code berth.proxy.default-upstream=...}, {@code berth.auth.anonymous-pull=true}).
     */
    static String[] cacheProperties(List<Mirror> mirrors, String... extra) {
        List<String> properties = new ArrayList<>();
        for (int i = 0; i < mirrors.size(); i++) {
            Mirror mirror = mirrors.get(i);
            String prefix = "berth.proxy.upstreams[" + i + "].";
            properties.add(prefix + "name=" + mirror.name());
            properties.add(prefix + "url=" + mirror.url());
            if (mirror.registryHost() != null) {
                properties.add(prefix + "registry-host=" + mirror.registryHost());
            }
            if (mirror.asAdmin()) {
                properties.add(prefix + "username=admin");
                properties.add(prefix + "password=" + BerthHttpTest.ADMIN_PASSWORD);
            }
        }
        // An upstream that fails should fail a test quickly, not after the default wait.
        properties.add("berth.proxy.timeout=5s");
        properties.addAll(List.of(extra));
        return properties.toArray(String[]::new);
    }

    /**
     * Writes a one-layer linux/amd64 image holding {@code hello.txt} ({@code content}) and 2 MiB of
     * noise (enough for the cache to stream the layer to its first client in many writes) to a new OCI layout in {@code dir}, tagged {@code tag} there too, and pushes it to
     * {@code registry} as {@code repository:tag}.
     */
    static OciLayoutWriter.Image pushImage(RegistryClient registry, Path dir, String repository, String tag,
                                           String content) {
        OciLayoutWriter layout = new OciLayoutWriter(dir);
        Map<String, byte[]> files = OciLayoutWriter.files("hello.txt", content);
        files.put("noise.bin", OciLayoutWriter.noise(2 << 20, content.hashCode()));
        OciLayoutWriter.Image image = layout.image("amd64", files);
        layout.tag(tag, image.manifest());
        registry.pushBlob(repository, layout.bytes(image.config()));
        for (OciLayoutWriter.Descriptor layer : image.layers()) {
            registry.pushBlob(repository, layout.bytes(layer));
        }
        registry.putManifest(repository, tag, OciLayoutWriter.MANIFEST, layout.bytes(image.manifest()));
        return image;
    }
}
