package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import dev.berth.support.RegistryClient;

/**
 * A private Docker engine imports a root filesystem, pushes it to Berth (the CLI sends each layer as
 * one {@code PATCH} without {@code Content-Range}, then the closing {@code PUT}), forgets it, and
 * pulls it back: same image id, and the repo digest is the manifest digest Berth serves. Docker also
 * mounts the layers into a second repository, pushes a manifest list into another repository, and
 * pulls one platform of an OCI index. The CLI logs in first ({@code docker login --password-stdin});
 * the daemon then trades the credentials for registry tokens at each 401 challenge.
 */
class DockerClientTest extends ClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /** Short on purpose: the daemons' sockets live under it. */
    @TempDir(factory = ShortTempDirFactory.class)
    Path temp;

    private Path dockerd;
    private Path docker;

    @BeforeEach
    void requireDocker() {
        dockerd = Programs.require("dockerd");
        docker = Programs.require("docker");
    }

    @Test
    void dockerPush_thenRmiAndPull_sameImageIdAndRepoDigest() throws IOException {
        String repository = uniqueRepository("docker");
        String image = registryHost() + "/" + repository + ":1";

        try (DockerDaemon daemon = startDocker(Credentials.admin())) {
            DockerDaemon.Pushed pushed = daemon.importAndPush(temp.resolve("rootfs.tar"),
                    image, "hello from docker\n");

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
    void dockerPush_toSecondRepository_mountsTheLayersAndKeepsTheDigest() throws IOException {
        String first = registryHost() + "/" + uniqueRepository("docker") + ":1";
        String secondRepository = uniqueRepository("docker");
        String second = registryHost() + "/" + secondRepository + ":1";

        try (DockerDaemon daemon = startDocker(Credentials.admin())) {
            DockerDaemon.Pushed pushed = daemon.importAndPush(temp.resolve("rootfs.tar"),
                    first, "mount me\n");
            Processes.Result again = daemon.docker(TIMEOUT, "push", first);
            assertThat(again.stdout()).as(again.describe()).contains("Layer already exists");

            daemon.docker(TIMEOUT, "tag", first, second);
            Processes.Result mounted = daemon.docker(TIMEOUT, "push", second);
            assertThat(mounted.stdout()).as(mounted.describe()).contains("Mounted from");
            assertThat(mounted.stdout()).contains("digest: " + pushed.digest());
            HttpResponse<byte[]> manifest = registry.get("/v2/" + secondRepository + "/manifests/1", "Accept",
                    DOCKER_MANIFEST);
            assertThat(RegistryClient.sha256(manifest.body())).isEqualTo(pushed.digest());
        }
    }

    @Test
    void dockerManifestPush_listIntoAnotherRepository_servesTheListAndEachPlatform() throws IOException {
        String sourceRepository = uniqueRepository("docker");
        String listRepository = uniqueRepository("docker");
        String amd = registryHost() + "/" + sourceRepository + ":amd";
        String arm = registryHost() + "/" + sourceRepository + ":arm";
        String list = registryHost() + "/" + listRepository + ":list";

        try (DockerDaemon daemon = startDocker(Credentials.admin())) {
            DockerDaemon.Pushed amdPushed = daemon.importAndPush(temp.resolve("rootfs.tar"),
                    amd, "amd64 half\n");
            DockerDaemon.Pushed armPushed = daemon.importAndPush(temp.resolve("rootfs.tar"),
                    arm, "arm64 half\n");
            daemon.docker(TIMEOUT, "manifest", "create", "--insecure", list, amd, arm);
            daemon.docker(TIMEOUT, "manifest", "annotate", "--arch", "arm64", list, arm);
            // The list lives in another repository: docker mounts the blobs and pushes both manifests there.
            Processes.Result push = daemon.docker(TIMEOUT, "manifest", "push", "--insecure", list);
            String[] lines = push.stdout().trim().split("\n");
            String listDigest = lines[lines.length - 1].trim();

            HttpResponse<byte[]> served = registry.get("/v2/" + listRepository + "/manifests/list", "Accept",
                    "application/vnd.docker.distribution.manifest.list.v2+json");
            assertThat(served.statusCode()).as(push.describe()).isEqualTo(200);
            assertThat(served.headers().firstValue("Content-Type"))
                    .hasValue("application/vnd.docker.distribution.manifest.list.v2+json");
            assertThat(RegistryClient.sha256(served.body())).as(push.describe()).isEqualTo(listDigest);
            List<String> children = new ArrayList<>();
            OciLayouts.json(RegistryClient.text(served)).get("manifests")
                    .forEach(child -> children.add(child.get("digest").asString()));
            assertThat(children).containsExactly(amdPushed.digest(), armPushed.digest());

            daemon.docker(TIMEOUT, "rmi", amd, arm);
            daemon.docker(TIMEOUT, "pull", "--platform", "linux/arm64", list);
            String[] pulled = daemon.docker(TIMEOUT, "image", "inspect", "--format",
                    "{{.Id}} {{index .RepoDigests 0}}", list).stdout().trim().split(" ");
            assertThat(pulled[0]).isEqualTo(armPushed.imageId());
            assertThat(pulled[1]).isEqualTo(registryHost() + "/" + listRepository + "@" + listDigest);
            daemon.docker(TIMEOUT, "pull", registryHost() + "/" + listRepository + "@" + amdPushed.digest());
        }
    }

    @Test
    void dockerPull_oneOfTwoPlatforms_ofAnOciIndex() throws IOException {
        String repository = uniqueRepository("docker");
        TwoPlatformIndex index = TwoPlatformIndex.push(registry, temp.resolve("layout"), repository, "multi");
        String image = registryHost() + "/" + repository + ":multi";

        try (DockerDaemon daemon = startDocker(Credentials.admin())) {
            daemon.docker(TIMEOUT, "pull", "--platform", "linux/arm64", image);
            String[] pulled = daemon.docker(TIMEOUT, "image", "inspect", "--format",
                    "{{.Id}} {{.Architecture}} {{index .RepoDigests 0}}", image).stdout().trim().split(" ");
            assertThat(pulled[0]).isEqualTo(index.arm64().config().digest());
            assertThat(pulled[1]).isEqualTo("arm64");
            assertThat(pulled[2]).isEqualTo(registryHost() + "/" + repository + "@" + index.index().digest());
        }
    }

    @Test
    void dockerLogin_withAccessTokenAsPassword_pushesAndPullsBack() throws IOException {
        Credentials user = newUser();
        String image = registryHost() + "/" + user.username() + "/app:1";

        try (DockerDaemon daemon = startDocker(withAccessToken(user, null, null))) {
            DockerDaemon.Pushed pushed = daemon.importAndPush(temp.resolve("rootfs.tar"), image,
                    "pushed with an access token\n");
            daemon.docker(TIMEOUT, "rmi", image);
            daemon.docker(TIMEOUT, "pull", image);
            String pulled = daemon.docker(TIMEOUT, "image", "inspect", "--format", "{{.Id}}", image).stdout().trim();
            assertThat(pulled).isEqualTo(pushed.imageId());
        }
    }

    @Test
    void dockerPush_intoNamespaceTheUserHasNoRightsOn_isDeniedAndCreatesNothing() throws IOException {
        String repository = newNamespace("team") + "/app";
        String image = registryHost() + "/" + repository + ":1";

        try (DockerDaemon daemon = startDocker(newUser())) {
            daemon.importImage(temp.resolve("rootfs.tar"), image, "not yours\n");
            Processes.Result push = daemon.tryDocker(TIMEOUT, "push", image);
            Credentials.assertRefused(push);
            assertThat(push.stdout() + push.stderr()).as(push.describe()).contains("denied");
        }
        assertThat(registry.get("/v2/" + repository + "/tags/list").statusCode()).isEqualTo(404);
        assertThat(RegistryClient.text(registry.get("/v2/_catalog?n=10000"))).doesNotContain(repository);
    }

    /** A private dockerd whose CLI has logged in to Berth with {@code credentials}. */
    private DockerDaemon startDocker(Credentials credentials) throws IOException {
        DockerDaemon daemon = new DockerDaemon(dockerd, docker, Files.createDirectories(temp.resolve("d")),
                registryHost());
        try {
            daemon.login(credentials);
        } catch (AssertionError e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

}
