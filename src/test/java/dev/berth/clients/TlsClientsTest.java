package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.berth.support.StandaloneBerth;

/**
 * Berth with {@code berth.tls.self-signed=true}, end to end: it makes its CA on the first start and
 * writes {@code <data-dir>/tls/ca.crt}, and skopeo, podman and dockerd push and pull over HTTPS with
 * verification on, and containerd pulls, each trusting that file the way the start-up log tells it
 * to. Each client first fails without the CA, so it is verifying, not skipping the check.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsClientsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** What dockerd calls the registry: a name for ::1, since docker never verifies 127.0.0.0/8 (see DockerDaemon). */
    private static final String DOCKER_HOST = "berth-tls.test";

    @TempDir
    static Path servers;
    private static StandaloneBerth berth;
    private static Path caCertificate;
    private static String startLog;

    /** Short on purpose: dockerd's socket lives under it. */
    @TempDir(factory = ShortTempDirFactory.class)
    Path temp;

    @BeforeAll
    static void startSelfSignedBerth(CapturedOutput output) {
        Path dataDir = servers.resolve("data");
        berth = StandaloneBerth.start(dataDir, "berth.tls.self-signed=true",
                "berth.tls.hosts=localhost,127.0.0.1,::1," + DOCKER_HOST);
        caCertificate = dataDir.resolve("tls").resolve("ca.crt");
        startLog = output.getAll();
    }

    @AfterAll
    static void stopBerth() {
        if (berth != null) {
            berth.close();
        }
    }

    @Test
    void start_writesTheCaAndLogsEachClientsLine() {
        String hostPort = DOCKER_HOST + ":" + berth.port();

        assertThat(caCertificate).isRegularFile();
        assertThat(startLog).contains("TLS: made a new local CA")
                .contains("cp " + caCertificate.toAbsolutePath() + " /etc/docker/certs.d/" + hostPort + "/ca.crt")
                .contains("/etc/containers/certs.d/" + hostPort + "/ca.crt", "--cert-dir")
                .contains("ca = \"" + caCertificate.toAbsolutePath() + "\"", "/etc/containerd/certs.d/" + hostPort
                        + "/hosts.toml")
                .doesNotContain("PRIVATE KEY");
    }

    @Test
    void skopeo_pushAndPullVerifyingTheCa_roundTripsTheImage() throws IOException {
        Path certDir = certDir();
        OciLayoutWriter source = new OciLayoutWriter(temp.resolve("source"));
        OciLayoutWriter.Image image = source.image("amd64", OciLayoutWriter.files("hello.txt", "over https\n"));
        source.tag("v1", image.manifest());
        String reference = "docker://" + localHost() + "/tls/skopeo:v1";

        Skopeo unverified = new Skopeo(temp.resolve("plain"));
        Processes.Result refused = unverified.tryRun("inspect", "--tls-verify=true", reference);
        assertThat(refused.succeeded()).as(refused.describe()).isFalse();
        assertThat(refused.stderr()).as(refused.describe()).contains("x509");

        Skopeo skopeo = Skopeo.trusting(temp.resolve("skopeo"), certDir);
        skopeo.login(localHost(), Credentials.admin());
        assertThat(skopeo.push(source.dir(), "v1", localHost() + "/tls/skopeo:v1"))
                .isEqualTo(image.manifest().digest());
        Path back = temp.resolve("back");
        skopeo.run("copy", "--src-tls-verify=true", "--src-cert-dir", certDir.toString(), reference,
                "oci:" + back + ":v1");
        assertThat(OciLayouts.refDigest(back, "v1")).isEqualTo(image.manifest().digest());
        assertThat(OciLayouts.blobs(back)).isEqualTo(OciLayouts.blobs(source.dir()));
    }

    @Test
    void podman_pushAndPullVerifyingTheCa_sameImageAndDigest() throws IOException {
        Path certDir = certDir();
        Podman podman = new Podman(temp.resolve("podman"), null);
        String image = localHost() + "/tls/podman:1";
        Path layer = temp.resolve("rootfs.tar");
        Map<String, byte[]> files = OciLayoutWriter.files("hello.txt", "podman over https\n");
        Files.write(layer, OciLayoutWriter.tar(files));
        String imported = podman.run("import", layer.toString(), image).stdout().trim();

        Processes.Result refused = podman.tryRun("push", "--tls-verify=true", "--cert-dir",
                Files.createDirectories(temp.resolve("no-ca")).toString(), image);
        assertThat(refused.succeeded()).as(refused.describe()).isFalse();
        assertThat(refused.stdout() + refused.stderr()).as(refused.describe()).contains("x509");

        podman.login(localHost(), Credentials.admin(), "--tls-verify=true", "--cert-dir", certDir.toString());
        Path digestFile = temp.resolve("pushed.digest");
        podman.run("push", "--tls-verify=true", "--cert-dir", certDir.toString(), "--digestfile",
                digestFile.toString(), image);
        String pushed = Files.readString(digestFile).trim();
        podman.run("rmi", image);
        podman.run("pull", "--tls-verify=true", "--cert-dir", certDir.toString(), image);

        assertThat("sha256:" + podman.inspect("{{.Id}}", image)).isEqualTo(imported);
        assertThat(podman.inspect("{{.Digest}}", image)).isEqualTo(pushed);
    }

    @Test
    void docker_pushAndPullWithTheCaInCertsD_sameImageId() throws IOException {
        Path dockerd = Programs.require("dockerd");
        Path docker = Programs.require("docker");
        String registry = DOCKER_HOST + ":" + berth.port();
        String image = registry + "/tls/docker:1";

        try (DockerDaemon daemon = DockerDaemon.verifyingTls(dockerd, docker, temp, registry, "::1 " + DOCKER_HOST)) {
            Processes.Result refused = daemon.tryLogin(Credentials.admin());
            assertThat(refused.succeeded()).as(refused.describe()).isFalse();
            assertThat(refused.stdout() + refused.stderr()).as(refused.describe()).contains("x509");

            daemon.trust(caCertificate);
            daemon.login(Credentials.admin());
            DockerDaemon.Pushed pushed = daemon.importAndPush(temp.resolve("rootfs.tar"), image, "docker over https\n");
            daemon.docker(TIMEOUT, "rmi", image);
            daemon.docker(TIMEOUT, "pull", image);

            String[] pulled = daemon.docker(TIMEOUT, "image", "inspect", "--format",
                    "{{.Id}} {{index .RepoDigests 0}}", image).stdout().trim().split(" ");
            assertThat(pulled[0]).isEqualTo(pushed.imageId());
            assertThat(pulled[1]).isEqualTo(registry + "/tls/docker@" + pushed.digest());
        }
    }

    @Test
    void containerd_pullWithTheCaInHostsToml_sameManifestDigest() throws IOException {
        Path containerd = Programs.require("containerd");
        Path ctr = Programs.require("ctr");
        OciLayoutWriter source = new OciLayoutWriter(temp.resolve("source"));
        OciLayoutWriter.Image image = source.image("amd64", OciLayoutWriter.files("hello.txt", "containerd over https\n"));
        source.tag("v1", image.manifest());
        Skopeo skopeo = Skopeo.trusting(temp.resolve("skopeo"), certDir());
        skopeo.login(localHost(), Credentials.admin());
        String reference = localHost() + "/tls/containerd:v1";
        skopeo.push(source.dir(), "v1", reference);

        try (ContainerdDaemon daemon = new ContainerdDaemon(containerd, ctr, Files.createDirectories(temp.resolve("c")))) {
            Processes.Result refused = daemon.tryCtr(TIMEOUT, "images", "pull", "--hosts-dir",
                    hostsDir("without-ca", null).toString(), "--user", Credentials.admin().pair(),
                    "--snapshotter", "native", reference);
            assertThat(refused.succeeded()).as(refused.describe()).isFalse();
            assertThat(refused.stdout() + refused.stderr()).as(refused.describe()).contains("x509");

            daemon.ctr(TIMEOUT, "images", "pull", "--hosts-dir", hostsDir("with-ca", caCertificate).toString(),
                    "--user", Credentials.admin().pair(), "--snapshotter", "native", reference);

            String listed = daemon.ctr(TIMEOUT, "images", "list", "name==" + reference).stdout();
            assertThat(listed).as(listed).contains(image.manifest().digest());
        }
    }

    /** A containerd hosts directory with {@code <host:port>/hosts.toml} for Berth over https, naming {@code ca} (null: none). */
    private Path hostsDir(String name, Path ca) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(name).resolve(localHost()));
        Files.writeString(dir.resolve("hosts.toml"), String.join("\n",
                "server = \"https://" + localHost() + "\"",
                "[host.\"https://" + localHost() + "\"]",
                "  capabilities = [\"pull\", \"resolve\"]",
                ca == null ? "" : "  ca = \"" + ca.toAbsolutePath() + "\"", ""));
        return dir.getParent();
    }

    /** A directory holding only the CA certificate, as --cert-dir wants it (a *.key there would be read as a client key). */
    private Path certDir() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("certs"));
        Files.copy(caCertificate, dir.resolve("ca.crt"));
        return dir;
    }

    private static String localHost() {
        return "localhost:" + berth.port();
    }
}
