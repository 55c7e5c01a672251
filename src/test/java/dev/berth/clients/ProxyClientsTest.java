package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.metadata.BlobRows;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.manifest.ManifestService;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * skopeo and podman pull through a caching Berth what was pushed to an upstream Berth (auth on at
 * both; the cache logs into the upstream as admin). By prefix ({@code CACHE/up/team/app}), and,
 * for podman, as a registries.conf mirror of docker.io ({@code CACHE/dockerhub}): this machine has
 * no internet, so a pull of {@code docker.io/library/alpine} that succeeds went through the mirror.
 * Every round trip is byte for byte: the client ends up with the upstream's manifest digest and blobs.
 */
class ProxyClientsTest {

    @TempDir
    static Path servers;
    private static StandaloneBerth upstream;
    private static StandaloneBerth cache;
    private static RegistryClient upstreamClient;
    private static RegistryClient cacheClient;

    @TempDir
    Path temp;

    @BeforeAll
    static void startUpstreamAndCache() {
        upstream = StandaloneBerth.start(servers.resolve("upstream"));
        upstreamClient = upstream.client();
        cache = StandaloneBerth.start(servers.resolve("cache"), ProxySetup.cacheProperties(List.of(
                        ProxySetup.Mirror.berth("up", upstream.port(), null),
                        ProxySetup.Mirror.berth("dockerhub", upstream.port(), "docker.io")),
                // podman pulls from a mirror without logging in.
                "berth.auth.anonymous-pull=true"));
        cacheClient = cache.client();
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
    void skopeoCopy_byPrefix_sameManifestAndBlobsAsTheUpstream() {
        OciLayoutWriter.Image image = ProxySetup.pushImage(upstreamClient, temp.resolve("source"), "team/app", "v1",
                "pulled through the cache by skopeo\n");
        Skopeo skopeo = new Skopeo(temp.resolve("skopeo"));
        skopeo.login(cacheHost(), Credentials.admin());

        Path back = temp.resolve("back");
        skopeo.run("copy", "--src-tls-verify=false", "docker://" + cacheHost() + "/up/team/app:v1",
                "oci:" + back + ":v1");
        assertThat(OciLayouts.refDigest(back, "v1")).isEqualTo(image.manifest().digest());
        assertThat(OciLayouts.blobs(back)).isEqualTo(OciLayouts.blobs(temp.resolve("source"))).hasSize(3);
    }

    @Test
    void skopeoCopyAll_twoPlatformIndex_byPrefix_everyManifestAndBlob() {
        TwoPlatformIndex index = TwoPlatformIndex.push(upstreamClient, temp.resolve("source"), "team/multi", "all");
        Skopeo skopeo = new Skopeo(temp.resolve("skopeo"));
        skopeo.login(cacheHost(), Credentials.admin());

        Path back = temp.resolve("back");
        skopeo.run("copy", "--all", "--src-tls-verify=false", "docker://" + cacheHost() + "/up/team/multi:all",
                "oci:" + back + ":all");
        assertThat(OciLayouts.refDigest(back, "all")).isEqualTo(index.index().digest());
        assertThat(OciLayouts.blobs(back)).isEqualTo(OciLayouts.blobs(index.layout())).hasSize(7);
    }

    @Test
    void skopeoCopy_onePlatformOfAnIndex_cachesTheIndexWhole_andTheOtherPlatformOnlyWhenAskedFor() {
        TwoPlatformIndex index = TwoPlatformIndex.push(upstreamClient, temp.resolve("source"), "team/one", "multi");
        // Anonymously this time: the cache allows anonymous pulls.
        Skopeo skopeo = new Skopeo(temp.resolve("skopeo"));

        Path back = temp.resolve("back");
        skopeo.run("copy", "--override-arch", "arm64", "--src-tls-verify=false",
                "docker://" + cacheHost() + "/up/team/one:multi", "oci:" + back + ":arm64");
        assertThat(OciLayouts.refDigest(back, "arm64")).isEqualTo(index.arm64().manifest().digest());
        assertThat(OciLayouts.blobs(back).keySet()).containsExactlyInAnyOrder(index.arm64().manifest().digest(),
                index.arm64().config().digest(), index.arm64().layers().get(0).digest());

        RepositoryName cached = RepositoryName.of("up/team/one");
        ManifestService manifests = cache.bean(ManifestService.class);
        BlobRows blobs = cache.bean(BlobRows.class);
        assertThat(manifests.contains(cached, Digest.parse(index.index().digest()))).isTrue();
        assertThat(manifests.contains(cached, Digest.parse(index.arm64().manifest().digest()))).isTrue();
        assertThat(manifests.contains(cached, Digest.parse(index.amd64().manifest().digest()))).isFalse();
        assertThat(blobs.linkedSize(cached, Digest.parse(index.amd64().layers().get(0).digest()))).isEmpty();

        // The index is served whole, byte for byte, though one of its children is not cached.
        HttpResponse<byte[]> served = cacheClient.get("/v2/up/team/one/manifests/multi", "Accept",
                OciLayoutWriter.INDEX);
        assertThat(served.statusCode()).as(RegistryClient.text(served)).isEqualTo(200);
        assertThat(served.body()).isEqualTo(OciLayouts.read(blobPath(index.layout(), index.index().digest())));

        // Asked for by digest, the other platform's manifest is fetched then.
        String amd64 = index.amd64().manifest().digest();
        HttpResponse<byte[]> other = cacheClient.get("/v2/up/team/one/manifests/" + amd64, "Accept",
                OciLayoutWriter.MANIFEST);
        assertThat(other.statusCode()).as(RegistryClient.text(other)).isEqualTo(200);
        assertThat(RegistryClient.sha256(other.body())).isEqualTo(amd64);
        assertThat(other.headers().firstValue("Docker-Content-Digest")).hasValue(amd64);
        assertThat(manifests.contains(cached, Digest.parse(amd64))).isTrue();
    }

    @Test
    void podmanPull_byPrefix_sameImageIdAndManifestDigest() {
        OciLayoutWriter.Image image = ProxySetup.pushImage(upstreamClient, temp.resolve("source"), "team/podman", "1",
                "pulled through the cache by podman\n");
        Podman podman = new Podman(temp.resolve("podman"), null);

        String name = cacheHost() + "/up/team/podman:1";
        podman.run("pull", "--tls-verify=false", name);
        assertThat(podman.inspect("{{.Digest}}", name)).isEqualTo(image.manifest().digest());
        assertThat("sha256:" + podman.inspect("{{.Id}}", name)).isEqualTo(image.config().digest());
    }

    @Test
    void podmanPull_ofDockerHubName_goesThroughTheRegistriesConfMirror() {
        OciLayoutWriter.Image image = ProxySetup.pushImage(upstreamClient, temp.resolve("source"), "library/alpine",
                "3.20", "not really alpine\n");
        Podman podman = new Podman(temp.resolve("podman"), String.join("\n",
                "[[registry]]",
                "prefix = \"docker.io\"",
                "location = \"docker.io\"",
                "[[registry.mirror]]",
                "location = \"" + cacheHost() + "/dockerhub\"",
                "insecure = true",
                ""));

        podman.run("pull", "docker.io/library/alpine:3.20");
        assertThat(podman.inspect("{{.Digest}}", "docker.io/library/alpine:3.20"))
                .isEqualTo(image.manifest().digest());
        assertThat(cache.bean(ManifestService.class).contains(RepositoryName.of("dockerhub/library/alpine"),
                Digest.parse(image.manifest().digest()))).isTrue();
    }

    private static String cacheHost() {
        return "127.0.0.1:" + cache.port();
    }

    private static Path blobPath(Path layout, String digest) {
        return layout.resolve("blobs/sha256/" + digest.substring("sha256:".length()));
    }
}
