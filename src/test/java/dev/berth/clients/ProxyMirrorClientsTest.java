package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.auth.Namespaces;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * The engines configured with a caching Berth as their registry mirror, as operators set them up:
 * dockerd's {@code registry-mirrors} (unprefixed names, served by the default upstream) and
 * containerd's {@code hosts.toml} (whose {@code ?ns=} names the registry host, picking the
 * upstream). Access is the cached namespaces': dockerhub is public, so the engines pull it
 * anonymously; ghcr is private, so containerd logs in for it. There is no internet here, so a pull
 * of a Docker Hub or ghcr.io name that succeeds was answered by the mirror; the digests are the
 * upstream Berth's.
 */
class ProxyMirrorClientsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path servers;
    private static StandaloneBerth upstream;
    private static StandaloneBerth cache;
    private static OciLayoutWriter.Image alpine;
    private static OciLayoutWriter.Image tool;
    private static TwoPlatformIndex multi;

    /** Short on purpose: the daemons' sockets live under it. */
    @TempDir(factory = ShortTempDirFactory.class)
    Path temp;

    @BeforeAll
    static void startUpstreamAndCache() {
        upstream = StandaloneBerth.start(servers.resolve("upstream"));
        RegistryClient upstreamClient = upstream.client();
        // Pushed once: a tag the cache holds is answered from it for the tag TTL, whichever test pulls first.
        alpine = ProxySetup.pushImage(upstreamClient, servers.resolve("alpine"), "library/alpine", "3.20",
                "stands in for alpine\n");
        tool = ProxySetup.pushImage(upstreamClient, servers.resolve("tool"), "org/tool", "1",
                "stands in for a ghcr.io image\n");
        multi = TwoPlatformIndex.push(upstreamClient, servers.resolve("multi"), "library/multi", "1");
        cache = StandaloneBerth.start(servers.resolve("cache"), ProxySetup.cacheProperties(List.of(
                        ProxySetup.Mirror.berth("dockerhub", upstream.port(), "docker.io"),
                        ProxySetup.Mirror.berth("ghcr", upstream.port(), "ghcr.io")),
                "berth.proxy.default-upstream=dockerhub"));
        // dockerd pulls from a mirror anonymously, even when logged in elsewhere: the cached namespace
        // it reads must be public. ghcr stays private, as every namespace is by default.
        cache.bean(Namespaces.class).setPublic("dockerhub", true);
    }

    @AfterAll
    static void stopServers() {
        if (cache != null) {
            cache.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void dockerPull_withTheCacheAsRegistryMirror_getsTheUpstreamsImage() throws IOException {
        Path dockerd = Programs.require("dockerd");
        Path docker = Programs.require("docker");
        try (DockerDaemon daemon = new DockerDaemon(dockerd, docker, Files.createDirectories(temp.resolve("d")),
                cacheHost(), List.of("http://" + cacheHost()))) {
            daemon.docker(TIMEOUT, "pull", "alpine:3.20");
            String inspected = daemon.docker(TIMEOUT, "image", "inspect", "--format",
                    "{{index .RepoDigests 0}} {{.Id}}", "alpine:3.20").stdout().trim();
            assertThat(inspected).isEqualTo("alpine@" + alpine.manifest().digest() + " " + alpine.config().digest());

            // From an index, dockerd takes the platform asked for: a child manifest fetched by digest.
            daemon.docker(TIMEOUT, "pull", "--platform", "linux/arm64", "multi:1");
            String platform = daemon.docker(TIMEOUT, "image", "inspect", "--format",
                    "{{index .RepoDigests 0}} {{.Id}} {{.Architecture}}", "multi:1").stdout().trim();
            assertThat(platform).isEqualTo("multi@" + multi.index().digest() + " " + multi.arm64().config().digest()
                    + " arm64");
        }
        // dockerd asked for library/alpine; the default upstream's namespace cached it.
        assertThat(catalog()).contains("dockerhub/library/alpine", "dockerhub/library/multi");
    }

    @Test
    void containerdPull_withHostsToml_nsPicksTheUpstreamOfEachRegistryHost() throws IOException {
        Path containerd = Programs.require("containerd");
        Path ctr = Programs.require("ctr");
        Path hosts = temp.resolve("hosts");
        mirrorHost(hosts, "docker.io", "https://registry-1.docker.io");
        mirrorHost(hosts, "ghcr.io", "https://ghcr.io");

        try (ContainerdDaemon daemon = new ContainerdDaemon(containerd, ctr,
                Files.createDirectories(temp.resolve("c")))) {
            // native: a plain directory snapshotter, so unpacking needs no overlay mounts.
            daemon.ctr(TIMEOUT, "images", "pull", "--hosts-dir", hosts.toString(), "--snapshotter", "native",
                    "docker.io/library/alpine:3.20");
            // The ghcr namespace is private: anonymously refused, pulled once logged in.
            Credentials.assertRefused(daemon.tryCtr(TIMEOUT, "images", "pull", "--hosts-dir", hosts.toString(),
                    "--snapshotter", "native", "ghcr.io/org/tool:1"));
            assertThat(catalog()).as("refused before anything was fetched").doesNotContain("ghcr/org/tool");
            daemon.ctr(TIMEOUT, "images", "pull", "--hosts-dir", hosts.toString(), "--snapshotter", "native",
                    "--user", Credentials.admin().pair(), "ghcr.io/org/tool:1");
            assertThat(listedDigest(daemon, "docker.io/library/alpine:3.20")).isEqualTo(alpine.manifest().digest());
            assertThat(listedDigest(daemon, "ghcr.io/org/tool:1")).isEqualTo(tool.manifest().digest());
        }
        // ghcr.io's name was not taken for a Docker Hub one: ns=ghcr.io chose the ghcr upstream.
        assertThat(catalog()).contains("dockerhub/library/alpine", "ghcr/org/tool")
                .doesNotContain("dockerhub/org/tool", "ghcr/library/alpine");
    }

    /**
     * {@code dir/<registryHost>/hosts.toml} sending pulls of that registry host to the cache, over
     * plain HTTP (the host's scheme), with {@code server} the real registry as containerd's fallback.
     */
    private static void mirrorHost(Path dir, String registryHost, String server) throws IOException {
        Path file = Files.createDirectories(dir.resolve(registryHost)).resolve("hosts.toml");
        Files.writeString(file, String.join("\n",
                "server = \"" + server + "\"",
                "",
                "[host.\"http://" + cacheHost() + "\"]",
                "  capabilities = [\"pull\", \"resolve\"]",
                ""));
    }

    /** The target digest {@code ctr images list} shows for {@code image}. */
    private static String listedDigest(ContainerdDaemon daemon, String image) {
        String listed = daemon.ctr(TIMEOUT, "images", "list", "name==" + image).stdout();
        List<String> lines = listed.lines().skip(1).toList();
        assertThat(lines).as(listed).hasSize(1);
        // REF TYPE DIGEST SIZE PLATFORMS LABELS
        return lines.get(0).trim().split("\\s+")[2];
    }

    /** The repositories the cache holds, from its /v2/_catalog (as admin). */
    private static List<String> catalog() {
        HttpResponse<byte[]> response = cache.client().get("/v2/_catalog");
        assertThat(response.statusCode()).as(RegistryClient.text(response)).isEqualTo(200);
        List<String> names = new ArrayList<>();
        OciLayouts.json(RegistryClient.text(response)).get("repositories").forEach(name -> names.add(name.asString()));
        return names;
    }

    private static String cacheHost() {
        return "127.0.0.1:" + cache.port();
    }
}
