package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;

/**
 * A private Docker engine imports a root filesystem, pushes it to Berth (the CLI sends each layer as
 * one {@code PATCH} without {@code Content-Range}, then the closing {@code PUT}), forgets it, and
 * pulls it back: same image id, and the repo digest is the manifest digest Berth serves. Then a
 * private containerd pulls the image Docker pushed.
 */
class DockerClientTest extends BerthHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64}) size: (\\d+)");
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /** Short on purpose: dockerd's sockets live under it, and socket paths are limited to 108 bytes. */
    @TempDir
    Path temp;

    @Test
    void dockerPush_thenRmiAndPull_sameImageIdAndRepoDigest() throws IOException {
        Path dockerd = Programs.require("dockerd");
        Path docker = Programs.require("docker");
        String repository = uniqueRepository("docker");
        String image = registryHost() + "/" + repository + ":1";

        try (DockerDaemon daemon = new DockerDaemon(dockerd, docker, Files.createDirectories(temp.resolve("d")),
                registryHost())) {
            Pushed pushed = importAndPush(daemon, image, "hello from docker\n");

            HttpResponse<byte[]> manifest = registry.get("/v2/" + repository + "/manifests/1", "Accept",
                    DOCKER_MANIFEST);
            assertThat(manifest.statusCode()).isEqualTo(200);
            assertThat(manifest.headers().firstValue("Content-Type")).hasValue(DOCKER_MANIFEST);
            assertThat(RegistryClient.sha256(manifest.body())).isEqualTo(pushed.digest());
            JsonNode json = OciLayouts.json(RegistryClient.text(manifest));
            assertThat(json.get("config").get("digest").asString()).isEqualTo(pushed.imageId());
            for (JsonNode layer : json.get("layers")) {
                String digest = layer.get("digest").asString();
                HttpResponse<byte[]> blob = registry.get("/v2/" + repository + "/blobs/" + digest);
                assertThat(RegistryClient.sha256(blob.body())).as(digest).isEqualTo(digest);
            }

            daemon.docker(TIMEOUT, "rmi", image);
            assertThat(daemon.tryDocker(TIMEOUT, "image", "inspect", image).succeeded()).isFalse();
            daemon.docker(TIMEOUT, "pull", image);
            String[] pulled = daemon.docker(TIMEOUT, "image", "inspect", "--format",
                    "{{.Id}} {{index .RepoDigests 0}}", image).stdout().trim().split(" ");
            assertThat(pulled[0]).isEqualTo(pushed.imageId());
            assertThat(pulled[1]).isEqualTo(registryHost() + "/" + repository + "@" + pushed.digest());
        }
    }

    @Test
    void containerdPull_ofWhatDockerPushed_sameManifestDigest() throws IOException {
        Path dockerd = Programs.require("dockerd");
        Path docker = Programs.require("docker");
        Path containerd = Programs.require("containerd");
        Path ctr = Programs.require("ctr");
        String repository = uniqueRepository("containerd");
        String image = registryHost() + "/" + repository + ":1";

        Pushed pushed;
        try (DockerDaemon daemon = new DockerDaemon(dockerd, docker, Files.createDirectories(temp.resolve("d")),
                registryHost())) {
            pushed = importAndPush(daemon, image, "hello from docker, for containerd\n");
        }

        try (ContainerdDaemon daemon = new ContainerdDaemon(containerd, ctr,
                Files.createDirectories(temp.resolve("c")))) {
            // native: a plain directory snapshotter, so unpacking works without overlay mounts.
            daemon.ctr(TIMEOUT, "images", "pull", "--plain-http", "--snapshotter", "native", image);
            String listed = daemon.ctr(TIMEOUT, "images", "list", "name==" + image).stdout();
            assertThat(listed).as(listed).contains(pushed.digest());
            String content = daemon.ctr(TIMEOUT, "content", "list", "--quiet").stdout();
            assertThat(content).as(content).contains(pushed.digest(), pushed.imageId());
        }
    }

    private record Pushed(String imageId, String digest) {
    }

    private Pushed importAndPush(DockerDaemon daemon, String image, String content) throws IOException {
        Path layer = temp.resolve("rootfs.tar");
        Files.write(layer, OciLayoutWriter.tar(Map.of("hello.txt", content)));
        String imageId = daemon.docker(TIMEOUT, "import", layer.toString(), image).stdout().trim();
        Processes.Result push = daemon.docker(TIMEOUT, "push", image);
        Matcher matcher = PUSHED_DIGEST.matcher(push.stdout());
        assertThat(matcher.find()).as(push.describe()).isTrue();
        return new Pushed(imageId, matcher.group(1));
    }
}
