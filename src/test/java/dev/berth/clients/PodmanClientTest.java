package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.auth.Role;
import dev.berth.support.RegistryClient;

/**
 * podman imports a root filesystem, pushes it to Berth, and a second, empty podman store pulls it
 * back: same image id (config digest) and same manifest digest as the push reported. Each store is
 * vfs under the test's temporary directory, so nothing touches the machine's images. podman logs
 * in with {@code podman login --password-stdin} into the test's own authfile, and gets registry
 * tokens through the 401 challenge as against any registry.
 */
class PodmanClientTest extends ClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path temp;

    private Path podman;
    private Map<String, String> environment;

    @BeforeEach
    void isolatePodman() throws IOException {
        podman = Programs.require("podman");
        Path empty = temp.resolve("empty.conf");
        Files.writeString(empty, "");
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        Files.writeString(temp.resolve("auth.json"), "{\"auths\":{}}");
        // The machine's containers.conf and registries.conf must not change what this test does; its
        // storage.conf is replaced per store (see podman()).
        environment = Map.of("CONTAINERS_CONF", empty.toString(), "CONTAINERS_REGISTRIES_CONF", empty.toString(),
                "TMPDIR", tmp.toString(), "REGISTRY_AUTH_FILE", temp.resolve("auth.json").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci", "v2s2"})
    void podmanPush_thenPullIntoAnotherStore_sameImageAndDigest(String format) throws IOException {
        login(Credentials.admin());
        Path layer = temp.resolve("rootfs.tar");
        Map<String, byte[]> files = OciLayoutWriter.files("hello.txt", "hello from podman, " + format + "\n");
        files.put("noise.bin", OciLayoutWriter.noise(1 << 20, format.hashCode()));
        Files.write(layer, OciLayoutWriter.tar(files));
        String repository = uniqueRepository("podman");
        String image = registryHost() + "/" + repository + ":1";

        String imported = podman("pusher", "import", layer.toString(), image).stdout().trim();
        Path digestFile = temp.resolve("pushed.digest");
        podman("pusher", "push", "--tls-verify=false", "--format", format, "--digestfile", digestFile.toString(),
                image);
        String pushed = new String(OciLayouts.read(digestFile)).trim();

        HttpResponse<byte[]> manifest = registry.get("/v2/" + repository + "/manifests/1", "Accept",
                "oci".equals(format) ? OciLayoutWriter.MANIFEST
                        : "application/vnd.docker.distribution.manifest.v2+json");
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(RegistryClient.sha256(manifest.body())).isEqualTo(pushed);

        podman("puller", "pull", "--tls-verify=false", image);
        String[] pulled = podman("puller", "image", "inspect", "--format", "{{.Id}} {{.Digest}}", image).stdout()
                .trim().split(" ");
        assertThat("sha256:" + pulled[0]).isEqualTo(imported);
        assertThat(pulled[1]).isEqualTo(pushed);
    }

    @Test
    void podmanSearch_findsTheRepositoryAndListsItsTags() throws IOException {
        login(Credentials.admin());
        Path layer = temp.resolve("rootfs.tar");
        Files.write(layer, OciLayoutWriter.tar(OciLayoutWriter.files("hello.txt", "search me\n")));
        String repository = uniqueRepository("podman");
        String name = registryHost() + "/" + repository;
        podman("pusher", "import", layer.toString(), name + ":a");
        podman("pusher", "tag", name + ":a", name + ":b");
        podman("pusher", "push", "--tls-verify=false", name + ":a");
        podman("pusher", "push", "--tls-verify=false", name + ":b");

        // search reads /v2/_catalog and keeps the names containing the term.
        String found = podman("pusher", "search", "--tls-verify=false", "--format", "{{.Name}}", name).stdout();
        assertThat(found.lines()).containsExactly(name);
        String tags = podman("pusher", "search", "--tls-verify=false", "--list-tags", name).stdout();
        assertThat(tags.lines().skip(1).map(line -> line.trim().split("\\s+"))).map(columns -> columns[1])
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void podmanLogin_withAccessTokenAsPassword_pushesAndPullsBack() throws IOException {
        Credentials user = newUser();
        login(withAccessToken(user, user.username(), null));
        String image = registryHost() + "/" + user.username() + "/app:1";
        String imported = importImage(image, "pushed with an access token\n");

        podman("pusher", "push", "--tls-verify=false", image);
        podman("puller", "pull", "--tls-verify=false", image);
        assertThat("sha256:" + podman("puller", "image", "inspect", "--format", "{{.Id}}", image).stdout().trim())
                .isEqualTo(imported);
    }

    @Test
    void podmanPull_robotWithReaderRole_pullsButPushIsDeniedAndChangesNothing() throws IOException {
        String namespace = newNamespace("robots");
        String repository = namespace + "/app";
        String image = registryHost() + "/" + repository + ":1";
        login(Credentials.admin());
        String imported = importImage(image, "pushed by an admin\n");
        podman("pusher", "push", "--tls-verify=false", image);
        String pushed = registry.head("/v2/" + repository + "/manifests/1").headers()
                .firstValue("Docker-Content-Digest").orElseThrow();

        Path robotAuth = temp.resolve("robot.json");
        login(newRobot(namespace, Role.READER, null),
                "--authfile", robotAuth.toString());
        podman("puller", "pull", "--tls-verify=false", "--authfile", robotAuth.toString(), image);
        assertThat("sha256:" + podman("puller", "image", "inspect", "--format", "{{.Id}}", image).stdout().trim())
                .isEqualTo(imported);

        String other = registryHost() + "/" + repository + ":2";
        importImage(other, "not allowed\n");
        podman("pusher", "tag", other, image);
        for (String target : List.of(other, image)) {
            Credentials.assertRefused(tryPodman("pusher", "push", "--tls-verify=false", "--authfile",
                    robotAuth.toString(), target));
        }
        HttpResponse<byte[]> tags = registry.get("/v2/" + repository + "/tags/list");
        assertThat(OciLayouts.json(RegistryClient.text(tags)).get("tags").toString()).isEqualTo("[\"1\"]");
        assertThat(registry.head("/v2/" + repository + "/manifests/1").headers()
                .firstValue("Docker-Content-Digest")).hasValue(pushed);
    }

    /** Imports a root filesystem holding {@code content} into the pusher's store as {@code image}; returns its id. */
    private String importImage(String image, String content) throws IOException {
        Path layer = temp.resolve("rootfs.tar");
        Files.write(layer, OciLayoutWriter.tar(OciLayoutWriter.files("hello.txt", content)));
        return podman("pusher", "import", layer.toString(), image).stdout().trim();
    }

    /**
     * {@code podman login} with the secret on stdin, into the default authfile ({@code REGISTRY_AUTH_FILE},
     * which every store shares) or the one {@code options} name.
     */
    private void login(Credentials credentials, String... options) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("login", "--tls-verify=false",
                "--username", credentials.username(), "--password-stdin"));
        arguments.addAll(List.of(options));
        arguments.add(registryHost());
        Processes.runOk(TIMEOUT, storeEnvironment("pusher"), command("pusher", arguments.toArray(String[]::new)),
                credentials.secret());
    }

    /** Runs podman on the store named {@code store}; fails unless it exits with 0. */
    private Processes.Result podman(String store, String... arguments) throws IOException {
        return Processes.runOk(TIMEOUT, storeEnvironment(store), command(store, arguments));
    }

    /** Runs podman on the store named {@code store}, whatever its outcome. */
    private Processes.Result tryPodman(String store, String... arguments) throws IOException {
        return Processes.run(TIMEOUT, storeEnvironment(store), command(store, arguments));
    }

    /** The store named {@code store} lives in this test's temporary directory, with a storage.conf of its own. */
    private Map<String, String> storeEnvironment(String store) throws IOException {
        Path dir = temp.resolve(store);
        Path storageConf = dir.resolve("storage.conf");
        if (!Files.exists(storageConf)) {
            Files.createDirectories(dir);
            Files.writeString(storageConf, "[storage]\ndriver = \"vfs\"\nrunroot = \"" + dir.resolve("run")
                    + "\"\ngraphroot = \"" + dir.resolve("root") + "\"\n");
        }
        Map<String, String> storeEnvironment = new HashMap<>(environment);
        storeEnvironment.put("CONTAINERS_STORAGE_CONF", storageConf.toString());
        return storeEnvironment;
    }

    private List<String> command(String store, String... arguments) {
        Path dir = temp.resolve(store);
        List<String> command = new ArrayList<>(List.of(podman.toString(),
                "--root", dir.resolve("root").toString(),
                "--runroot", dir.resolve("run").toString(),
                "--tmpdir", dir.resolve("libpod").toString(),
                "--storage-driver=vfs", "--events-backend=none", "--cgroup-manager=cgroupfs"));
        command.addAll(List.of(arguments));
        return command;
    }
}
