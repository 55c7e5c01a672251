package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import dev.berth.auth.Action;
import dev.berth.auth.Role;
import dev.berth.support.RegistryClient;

/**
 * skopeo copies hand-written OCI layouts into Berth and back out: a single-architecture OCI image, the
 * same image converted to Docker schema 2, and a two-platform index. What comes back is byte for byte
 * what went in (same manifest digests, same set of blobs, each blob hashing to its name). Also
 * {@code inspect}, {@code list-tags} and {@code delete}. skopeo authenticates as it does against
 * any registry: {@code skopeo login} stores the credentials in an authfile (this test's own, never
 * the machine's), and each request's 401 challenge sends it to {@code /token} for a registry token.
 */
class SkopeoClientTest extends ClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    @TempDir
    Path temp;

    private Path skopeo;
    private Map<String, String> environment;

    @BeforeEach
    void isolateSkopeo() throws IOException {
        skopeo = Programs.require("skopeo");
        Path registriesConf = temp.resolve("registries.conf");
        Files.writeString(registriesConf, "");
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        Files.writeString(temp.resolve("auth.json"), "{\"auths\":{}}");
        // No system registries.conf, credentials or temp space shared with the machine; no login yet.
        environment = Map.of("CONTAINERS_REGISTRIES_CONF", registriesConf.toString(), "TMPDIR", tmp.toString(),
                "REGISTRY_AUTH_FILE", temp.resolve("auth.json").toString());
        Files.writeString(temp.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
    }

    @Test
    void copy_ociImage_roundTripsByteForByte() {
        login(Credentials.admin());
        OciLayoutWriter source = new OciLayoutWriter(temp.resolve("source"));
        Map<String, byte[]> files = OciLayoutWriter.files("hello.txt", "hello from skopeo\n");
        files.put("noise.bin", OciLayoutWriter.noise(2 << 20, 1));
        OciLayoutWriter.Image image = source.image("amd64", files);
        source.tag("v1", image.manifest());
        String target = "docker://" + registryHost() + "/" + uniqueRepository("skopeo") + ":v1";

        Path digestFile = temp.resolve("pushed.digest");
        skopeo("copy", "--dest-tls-verify=false", "--digestfile", digestFile.toString(),
                "oci:" + source.dir() + ":v1", target);
        assertThat(readString(digestFile)).isEqualTo(image.manifest().digest());

        Path back = temp.resolve("back");
        skopeo("copy", "--src-tls-verify=false", target, "oci:" + back + ":v1");
        assertThat(OciLayouts.refDigest(back, "v1")).isEqualTo(image.manifest().digest());
        assertThat(OciLayouts.blobs(back)).isEqualTo(OciLayouts.blobs(source.dir()));
    }

    @Test
    void copy_convertedToDockerSchema2_keepsLayersAndPullsBackUnchanged() {
        login(Credentials.admin());
        OciLayoutWriter source = new OciLayoutWriter(temp.resolve("source"));
        OciLayoutWriter.Image image = source.image("amd64", OciLayoutWriter.files("hello.txt", "hello, schema 2\n"));
        source.tag("v1", image.manifest());
        String repository = uniqueRepository("skopeo");
        String target = "docker://" + registryHost() + "/" + repository + ":v2s2";

        Path digestFile = temp.resolve("pushed.digest");
        skopeo("copy", "--dest-tls-verify=false", "--format", "v2s2", "--digestfile", digestFile.toString(),
                "oci:" + source.dir() + ":v1", target);
        String pushed = readString(digestFile);

        HttpResponse<byte[]> manifest = registry.get("/v2/" + repository + "/manifests/v2s2", "Accept",
                DOCKER_MANIFEST);
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Content-Type")).hasValue(DOCKER_MANIFEST);
        assertThat(RegistryClient.sha256(manifest.body())).isEqualTo(pushed);
        JsonNode json = OciLayouts.json(RegistryClient.text(manifest));
        assertThat(json.get("layers").get(0).get("digest").asString()).isEqualTo(image.layers().get(0).digest());

        // dir: keeps the schema 2 manifest as served, so this is the registry's bytes, unconverted.
        Path back = temp.resolve("back");
        skopeo("copy", "--src-tls-verify=false", target, "dir:" + back);
        assertThat(RegistryClient.sha256(OciLayouts.read(back.resolve("manifest.json")))).isEqualTo(pushed);
        assertThat(OciLayouts.dirBlobs(back)).containsOnlyKeys(
                json.get("config").get("digest").asString(), image.layers().get(0).digest());
    }

    @Test
    void copyAll_twoPlatformIndex_roundTripsEveryManifestAndBlob() {
        login(Credentials.admin());
        OciLayoutWriter source = new OciLayoutWriter(temp.resolve("source"));
        OciLayoutWriter.Image amd64 = source.image("amd64", OciLayoutWriter.files("arch.txt", "amd64\n"));
        OciLayoutWriter.Image arm64 = source.image("arm64", OciLayoutWriter.files("arch.txt", "arm64\n"));
        OciLayoutWriter.Descriptor index = source.index(List.of(amd64, arm64));
        source.tag("multi", index);
        String repository = uniqueRepository("skopeo");
        String target = "docker://" + registryHost() + "/" + repository + ":multi";

        Path digestFile = temp.resolve("pushed.digest");
        skopeo("copy", "--all", "--dest-tls-verify=false", "--digestfile", digestFile.toString(),
                "oci:" + source.dir() + ":multi", target);
        assertThat(readString(digestFile)).isEqualTo(index.digest());
        HttpResponse<byte[]> served = registry.get("/v2/" + repository + "/manifests/multi", "Accept",
                OciLayoutWriter.INDEX);
        assertThat(served.headers().firstValue("Content-Type")).hasValue(OciLayoutWriter.INDEX);
        assertThat(RegistryClient.sha256(served.body())).isEqualTo(index.digest());

        // inspect resolves the index to the platform asked for (its "Digest" stays the index's).
        JsonNode arm = inspect("--override-arch", "arm64", target);
        assertThat(arm.get("Digest").asString()).isEqualTo(index.digest());
        assertThat(arm.get("Architecture").asString()).isEqualTo("arm64");
        assertThat(arm.get("Layers").get(0).asString()).isEqualTo(arm64.layers().get(0).digest());

        Path back = temp.resolve("back");
        skopeo("copy", "--all", "--src-tls-verify=false", target, "oci:" + back + ":multi");
        assertThat(OciLayouts.refDigest(back, "multi")).isEqualTo(index.digest());
        assertThat(OciLayouts.blobs(back)).isEqualTo(OciLayouts.blobs(source.dir())).hasSize(7);
    }

    @Test
    void inspect_listTags_delete_agreeWithWhatWasPushed() {
        login(Credentials.admin());
        OciLayoutWriter source = new OciLayoutWriter(temp.resolve("source"));
        OciLayoutWriter.Image image = source.image("amd64", OciLayoutWriter.files("hello.txt", "inspect me\n"));
        source.tag("v1", image.manifest());
        String repository = uniqueRepository("skopeo");
        String base = "docker://" + registryHost() + "/" + repository;
        skopeo("copy", "--dest-tls-verify=false", "oci:" + source.dir() + ":v1", base + ":v1");
        skopeo("copy", "--dest-tls-verify=false", "oci:" + source.dir() + ":v1", base + ":v2");

        JsonNode inspected = inspect(base + ":v1");
        assertThat(inspected.get("Digest").asString()).isEqualTo(image.manifest().digest());
        assertThat(inspected.get("Architecture").asString()).isEqualTo("amd64");
        assertThat(inspected.get("Layers").get(0).asString()).isEqualTo(image.layers().get(0).digest());
        assertThat(OciLayouts.json(skopeo("inspect", "--tls-verify=false", "--raw", base + ":v1").stdout())
                .get("config").get("digest").asString()).isEqualTo(image.config().digest());

        JsonNode tags = OciLayouts.json(skopeo("list-tags", "--tls-verify=false", base).stdout());
        List<String> tagNames = new ArrayList<>();
        tags.get("Tags").forEach(tag -> tagNames.add(tag.asString()));
        assertThat(tagNames).containsExactlyInAnyOrder("v1", "v2");

        // skopeo deletes the manifest by digest, so every tag on it goes with it.
        skopeo("delete", "--tls-verify=false", base + ":v1");
        Processes.Result gone = Processes.run(TIMEOUT, environment,
                command("inspect", "--tls-verify=false", base + ":v1"));
        assertThat(gone.succeeded()).as(gone.describe()).isFalse();
        assertThat(gone.stderr()).as(gone.describe()).containsIgnoringCase("manifest unknown");
        assertThat(registry.head("/v2/" + repository + "/manifests/" + image.manifest().digest()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void login_withAuthfile_copyPushesAndPullsBackTheSameDigest() {
        Path authfile = temp.resolve("login.json");
        login(Credentials.admin(), "--authfile", authfile.toString());
        assertThat(OciLayouts.json(authfile).get("auths").has(registryHost())).isTrue();
        OciLayoutWriter.Image image = layout("v1", "pushed after skopeo login\n");
        String target = "docker://" + registryHost() + "/" + uniqueRepository("skopeo") + ":v1";

        // The default authfile holds nothing: without the one login wrote, the push is refused.
        Processes.Result anonymous = Processes.run(TIMEOUT, environment,
                command("copy", "--dest-tls-verify=false", "oci:" + temp.resolve("source") + ":v1", target));
        Credentials.assertRefused(anonymous);

        Path digestFile = temp.resolve("pushed.digest");
        skopeo("copy", "--authfile", authfile.toString(), "--dest-tls-verify=false", "--digestfile",
                digestFile.toString(), "oci:" + temp.resolve("source") + ":v1", target);
        assertThat(readString(digestFile)).isEqualTo(image.manifest().digest());
        Path back = temp.resolve("back");
        skopeo("copy", "--authfile", authfile.toString(), "--src-tls-verify=false", target, "oci:" + back + ":v1");
        assertThat(OciLayouts.refDigest(back, "v1")).isEqualTo(image.manifest().digest());
        assertThat(OciLayouts.blobs(back)).isEqualTo(OciLayouts.blobs(temp.resolve("source")));
    }

    @Test
    void copy_accessTokenAsPassword_pushesAndPullsIntoTheUsersNamespace() {
        Credentials user = newUser();
        login(withAccessToken(user, null, null));
        OciLayoutWriter.Image image = layout("v1", "pushed with an access token\n");
        String target = "docker://" + registryHost() + "/" + user.username() + "/app:v1";

        skopeo("copy", "--dest-tls-verify=false", "oci:" + temp.resolve("source") + ":v1", target);
        Path back = temp.resolve("back");
        skopeo("copy", "--src-tls-verify=false", target, "oci:" + back + ":v1");
        assertThat(OciLayouts.refDigest(back, "v1")).isEqualTo(image.manifest().digest());
    }

    @Test
    void copy_robotWithPullOnlyToken_pullsButPushIsDeniedAndChangesNothing() {
        String namespace = newNamespace("robots");
        String repository = namespace + "/app";
        String base = "docker://" + registryHost() + "/" + repository;
        OciLayoutWriter.Image image = layout("v1", "pushed by the namespace's owner\n");
        pushAsAdmin(repository);
        // A writer by role, but its token narrows it to pull.
        login(newRobot(namespace, Role.WRITER, EnumSet.of(Action.PULL)));

        Path back = temp.resolve("back");
        skopeo("copy", "--src-tls-verify=false", base + ":v1", "oci:" + back + ":v1");
        assertThat(OciLayouts.refDigest(back, "v1")).isEqualTo(image.manifest().digest());

        OciLayoutWriter other = new OciLayoutWriter(temp.resolve("other"));
        other.tag("v2", other.image("amd64", OciLayoutWriter.files("hello.txt", "not allowed\n")).manifest());
        for (String tag : List.of("v1", "v2")) {
            Processes.Result push = Processes.run(TIMEOUT, environment, command("copy", "--dest-tls-verify=false",
                    "oci:" + other.dir() + ":v2", base + ":" + tag));
            Credentials.assertRefused(push);
        }
        assertThat(tags(repository)).containsExactly("v1");
        assertThat(registry.head("/v2/" + repository + "/manifests/v1").headers()
                .firstValue("Docker-Content-Digest")).hasValue(image.manifest().digest());
    }

    @Test
    void copy_withoutCredentials_pullsFromPublicNamespaceOnly() {
        String open = newNamespace("public");
        String closed = newNamespace("private");
        OciLayoutWriter.Image image = layout("v1", "anyone may pull this\n");
        pushAsAdmin(open + "/app");
        pushAsAdmin(closed + "/app");
        namespaces.setPublic(open, true);

        Path back = temp.resolve("back");
        skopeo("copy", "--src-tls-verify=false", "docker://" + registryHost() + "/" + open + "/app:v1",
                "oci:" + back + ":v1");
        assertThat(OciLayouts.refDigest(back, "v1")).isEqualTo(image.manifest().digest());
        Processes.Result refused = Processes.run(TIMEOUT, environment, command("copy", "--src-tls-verify=false",
                "docker://" + registryHost() + "/" + closed + "/app:v1", "oci:" + temp.resolve("refused") + ":v1"));
        Credentials.assertRefused(refused);
    }

    /** Writes a one-layer image holding {@code content} to the layout {@code source}, tagged {@code tag}. */
    private OciLayoutWriter.Image layout(String tag, String content) {
        OciLayoutWriter source = new OciLayoutWriter(temp.resolve("source"));
        OciLayoutWriter.Image image = source.image("amd64", OciLayoutWriter.files("hello.txt", content));
        source.tag(tag, image.manifest());
        return image;
    }

    /** Pushes {@code source:v1} to {@code repository:v1} as admin, with an authfile of its own. */
    private void pushAsAdmin(String repository) {
        Path adminAuth = temp.resolve("admin.json");
        if (!Files.exists(adminAuth)) {
            login(Credentials.admin(), "--authfile", adminAuth.toString());
        }
        skopeo("copy", "--authfile", adminAuth.toString(), "--dest-tls-verify=false",
                "oci:" + temp.resolve("source") + ":v1", "docker://" + registryHost() + "/" + repository + ":v1");
    }

    private List<String> tags(String repository) {
        List<String> tags = new ArrayList<>();
        OciLayouts.json(RegistryClient.text(registry.get("/v2/" + repository + "/tags/list"))).get("tags")
                .forEach(tag -> tags.add(tag.asString()));
        return tags;
    }

    /**
     * {@code skopeo login} with the secret on stdin, into the default authfile ({@code REGISTRY_AUTH_FILE})
     * or the one {@code options} name.
     */
    private void login(Credentials credentials, String... options) {
        List<String> arguments = new ArrayList<>(List.of("login", "--tls-verify=false",
                "--username", credentials.username(), "--password-stdin"));
        arguments.addAll(List.of(options));
        arguments.add(registryHost());
        Processes.runOk(TIMEOUT, environment, command(arguments.toArray(String[]::new)), credentials.secret());
    }

    private JsonNode inspect(String... arguments) {
        List<String> all = new ArrayList<>(List.of("inspect", "--tls-verify=false"));
        all.addAll(List.of(arguments));
        return OciLayouts.json(skopeo(all.toArray(String[]::new)).stdout());
    }

    private Processes.Result skopeo(String... arguments) {
        return Processes.runOk(TIMEOUT, environment, command(arguments));
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(skopeo.toString(), "--policy",
                temp.resolve("policy.json").toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    private static String readString(Path file) {
        return new String(OciLayouts.read(file)).trim();
    }
}
