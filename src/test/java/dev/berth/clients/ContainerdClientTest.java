package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;

/**
 * A private containerd ({@code ctr}) pulls from Berth what a private Docker engine pushed, and pushes
 * it on (containerd uploads each blob as {@code POST} plus one {@code PUT}, no {@code PATCH}); and it
 * pulls every platform of an OCI index. Digests are compared with what was pushed.
 */
class ContainerdClientTest extends BerthHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /**
     * ctr takes credentials only as {@code --user name:secret} and does the token flow with them;
     * with no secret it would prompt on a terminal the tests do not have.
     */
    private static final String ADMIN = Credentials.admin().pair();
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    /** Short on purpose: the daemons' sockets live under it. */
    @TempDir(factory = ShortTempDirFactory.class)
    Path temp;

    private Path containerd;
    private Path ctr;

    @BeforeEach
    void requireContainerd() {
        containerd = Programs.require("containerd");
        ctr = Programs.require("ctr");
    }

    @Test
    void containerdPull_ofWhatDockerPushed_sameManifestDigest() throws IOException {
        String repository = uniqueRepository("containerd");
        String image = registryHost() + "/" + repository + ":1";

        DockerDaemon.Pushed pushed;
        try (DockerDaemon daemon = new DockerDaemon(Programs.require("dockerd"), Programs.require("docker"),
                Files.createDirectories(temp.resolve("d")), registryHost())) {
            daemon.login(Credentials.admin());
            pushed = daemon.importAndPush(temp.resolve("rootfs.tar"),
                    image, "hello from docker, for containerd\n");
        }

        try (ContainerdDaemon daemon = new ContainerdDaemon(containerd, ctr,
                Files.createDirectories(temp.resolve("c")))) {
            // native: a plain directory snapshotter, so unpacking needs no overlay mounts.
            daemon.ctr(TIMEOUT, "images", "pull", "--plain-http", "--user", ADMIN, "--snapshotter", "native",
                    image);
            String listed = daemon.ctr(TIMEOUT, "images", "list", "name==" + image).stdout();
            assertThat(listed).as(listed).contains(pushed.digest());
            String content = daemon.ctr(TIMEOUT, "content", "list", "--quiet").stdout();
            assertThat(content).as(content).contains(pushed.digest(), pushed.imageId());

            // containerd pushes each blob as POST then one PUT carrying the bytes: no PATCH at all.
            String copyRepository = uniqueRepository("containerd");
            daemon.ctr(TIMEOUT, "images", "push", "--plain-http", "--user", ADMIN,
                    registryHost() + "/" + copyRepository + ":copy", image);
            HttpResponse<byte[]> copy = registry.get("/v2/" + copyRepository + "/manifests/copy", "Accept",
                    DOCKER_MANIFEST);
            assertThat(copy.statusCode()).as(RegistryClient.text(copy)).isEqualTo(200);
            assertThat(RegistryClient.sha256(copy.body())).isEqualTo(pushed.digest());
        }
    }

    @Test
    void containerdPull_allPlatformsOfAnOciIndex_fetchesEveryBlob() throws IOException {
        String repository = uniqueRepository("containerd");
        TwoPlatformIndex index = TwoPlatformIndex.push(registry, temp.resolve("layout"), repository, "multi");
        String image = registryHost() + "/" + repository + ":multi";

        try (ContainerdDaemon daemon = new ContainerdDaemon(containerd, ctr,
                Files.createDirectories(temp.resolve("c")))) {
            daemon.ctr(TIMEOUT, "images", "pull", "--plain-http", "--user", ADMIN, "--all-platforms",
                    "--snapshotter", "native", image);
            String listed = daemon.ctr(TIMEOUT, "images", "list", "name==" + image).stdout();
            assertThat(listed).as(listed).contains(index.index().digest());
            List<String> content = List.of(daemon.ctr(TIMEOUT, "content", "list", "--quiet").stdout().split("\n"));
            assertThat(content).containsAll(OciLayouts.blobs(index.layout()).keySet());
        }
    }
}
