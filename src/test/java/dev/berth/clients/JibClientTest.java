package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;

import tools.jackson.databind.JsonNode;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;

/**
 * Jib (in this JVM) builds an image from scratch and pushes it to Berth; what Berth then serves is
 * what Jib says it pushed: the manifest's digest, the config (Jib's image id) and every layer. Jib
 * logs in as admin through the token flow.
 */
class JibClientTest extends BerthHttpTest {

    /** Jib's switch for sending credentials to a plain-HTTP registry; off, it refuses to push or pull here. */
    private static final String SEND_CREDENTIALS_OVER_HTTP = "sendCredentialsOverHttp";

    @TempDir
    Path temp;

    private static String sendCredentialsOverHttp;

    @BeforeAll
    static void allowCredentialsOverHttp() {
        // As a user of a plain-HTTP registry would (-DsendCredentialsOverHttp=true); restored after, as the JVM is shared.
        sendCredentialsOverHttp = System.setProperty(SEND_CREDENTIALS_OVER_HTTP, "true");
    }

    @AfterAll
    static void restoreCredentialsOverHttp() {
        if (sendCredentialsOverHttp == null) {
            System.clearProperty(SEND_CREDENTIALS_OVER_HTTP);
        } else {
            System.setProperty(SEND_CREDENTIALS_OVER_HTTP, sendCredentialsOverHttp);
        }
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void jibPush_fromScratch_registryServesTheSameDigests(ImageFormat format) throws Exception {
        Path file = temp.resolve("app.txt");
        Files.writeString(file, "hello from jib, " + format + "\n");
        String repository = uniqueRepository("jib");
        String reference = registryHost() + "/" + repository + ":1";

        JibContainer container = Jib.fromScratch()
                .setFormat(format)
                .addLayer(List.of(file), AbsoluteUnixPath.get("/app"))
                .setEntrypoint("/app/app.txt")
                .containerize(containerizer(reference, "scratch"));

        HttpResponse<byte[]> manifest = registry.get("/v2/" + repository + "/manifests/1",
                "Accept", format == ImageFormat.OCI ? OciLayoutWriter.MANIFEST
                        : "application/vnd.docker.distribution.manifest.v2+json");
        assertThat(manifest.statusCode()).as(RegistryClient.text(manifest)).isEqualTo(200);
        assertThat(RegistryClient.sha256(manifest.body())).isEqualTo(container.getDigest().toString());
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).hasValue(container.getDigest().toString());
        assertThat(manifest.headers().firstValue("Content-Type")).hasValue(format == ImageFormat.OCI
                ? OciLayoutWriter.MANIFEST : "application/vnd.docker.distribution.manifest.v2+json");

        JsonNode json = OciLayouts.json(RegistryClient.text(manifest));
        String configDigest = json.get("config").get("digest").asString();
        assertThat(configDigest).isEqualTo(container.getImageId().toString());
        List<String> blobs = new ArrayList<>(List.of(configDigest));
        for (JsonNode layer : json.get("layers")) {
            blobs.add(layer.get("digest").asString());
        }
        assertThat(blobs).hasSize(2);
        for (String digest : blobs) {
            HttpResponse<byte[]> blob = registry.get("/v2/" + repository + "/blobs/" + digest);
            assertThat(blob.statusCode()).as(digest).isEqualTo(200);
            assertThat(RegistryClient.sha256(blob.body())).isEqualTo(digest);
        }
        byte[] config = registry.get("/v2/" + repository + "/blobs/" + configDigest).body();
        assertThat(new String(config, StandardCharsets.UTF_8)).contains("/app/app.txt");
    }

    /**
     * Jib reads a base image from Berth and pushes an image on top of it into another repository: it
     * pulls the base's manifest and config, and mounts the base layer rather than uploading it again.
     */
    @Test
    void jibBuild_onBaseImageInBerth_reusesTheBaseLayer() throws Exception {
        Path baseFile = temp.resolve("base.txt");
        Files.writeString(baseFile, "the base layer\n");
        String baseRepository = uniqueRepository("jib");
        String base = registryHost() + "/" + baseRepository + ":base";
        JibContainer baseImage = Jib.fromScratch()
                .addLayer(List.of(baseFile), AbsoluteUnixPath.get("/base"))
                .containerize(containerizer(base, "base"));

        Path appFile = temp.resolve("app.txt");
        Files.writeString(appFile, "the app layer\n");
        String appRepository = uniqueRepository("jib");
        JibContainer app = Jib.from(image(base + "@" + baseImage.getDigest()))
                .addLayer(List.of(appFile), AbsoluteUnixPath.get("/app"))
                .containerize(containerizer(registryHost() + "/" + appRepository + ":app", "app")
                        .withAdditionalTag("also"));

        List<String> baseLayers = layers(baseRepository, baseImage.getDigest().toString());
        List<String> appLayers = layers(appRepository, "app");
        assertThat(appLayers).hasSize(2).startsWith(baseLayers.get(0));
        assertThat(layers(appRepository, "also")).isEqualTo(appLayers);
        for (String digest : appLayers) {
            HttpResponse<byte[]> blob = registry.get("/v2/" + appRepository + "/blobs/" + digest);
            assertThat(RegistryClient.sha256(blob.body())).as(digest).isEqualTo(digest);
        }
        HttpResponse<byte[]> manifest = registry.get("/v2/" + appRepository + "/manifests/app");
        assertThat(RegistryClient.sha256(manifest.body())).isEqualTo(app.getDigest().toString());
    }

    private Containerizer containerizer(String reference, String cache) throws Exception {
        return Containerizer.to(image(reference))
                .setAllowInsecureRegistries(true)
                .setBaseImageLayersCache(temp.resolve("cache/" + cache + "/base"))
                .setApplicationLayersCache(temp.resolve("cache/" + cache + "/app"));
    }

    /**
     * Jib takes the credentials up front, sends them to the token endpoint at the first 401 challenge,
     * and uses the registry token it gets.
     */
    private static RegistryImage image(String reference) throws Exception {
        Credentials admin = Credentials.admin();
        return RegistryImage.named(reference).addCredential(admin.username(), admin.secret());
    }

    private List<String> layers(String repository, String reference) {
        HttpResponse<byte[]> manifest = registry.get("/v2/" + repository + "/manifests/" + reference);
        assertThat(manifest.statusCode()).as(RegistryClient.text(manifest)).isEqualTo(200);
        List<String> layers = new ArrayList<>();
        OciLayouts.json(RegistryClient.text(manifest)).get("layers")
                .forEach(layer -> layers.add(layer.get("digest").asString()));
        return layers;
    }
}
