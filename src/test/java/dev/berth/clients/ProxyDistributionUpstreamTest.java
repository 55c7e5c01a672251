package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.support.DistributionRegistry;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * A caching Berth in front of another implementation: CNCF Distribution, with no auth, so the cache
 * pulls anonymously and meets Distribution's headers and media types rather than Berth's own.
 * skopeo pushes to Distribution and copies back through the cache, logged into the cache as admin;
 * what comes back is byte for byte what Distribution holds, a Docker schema 2 manifest included
 * (the cache asks for every type it stores, so nothing is converted on the way).
 */
class ProxyDistributionUpstreamTest {

    @TempDir
    static Path servers;
    private static DistributionRegistry distribution;
    private static StandaloneBerth cache;

    @TempDir
    Path temp;
    private Skopeo skopeo;

    @BeforeAll
    static void startDistributionAndCache() {
        distribution = DistributionRegistry.start(servers.resolve("distribution"));
        cache = StandaloneBerth.start(servers.resolve("cache"), ProxySetup.cacheProperties(List.of(
                ProxySetup.Mirror.anonymous("dist", distribution.url()))));
    }

    @AfterAll
    static void stopServers() {
        if (cache != null) {
            cache.close();
        }
        if (distribution != null) {
            distribution.close();
        }
    }

    @BeforeEach
    void loginToTheCache() {
        skopeo = new Skopeo(temp.resolve("skopeo"));
        skopeo.login(cacheHost(), Credentials.admin());
    }

    @Test
    void skopeoCopy_ofAnImageInDistribution_throughTheCache_isByteForByte() {
        OciLayoutWriter source = new OciLayoutWriter(temp.resolve("source"));
        OciLayoutWriter.Image image = source.image("amd64", OciLayoutWriter.files("hello.txt", "kept by distribution\n",
                "noise.bin", "x".repeat(1000)));
        source.tag("v1", image.manifest());
        assertThat(skopeo.push(source.dir(), "v1", distribution.host() + "/team/app:v1"))
                .isEqualTo(image.manifest().digest());

        Path back = temp.resolve("back");
        skopeo.run("copy", "--src-tls-verify=false", "docker://" + cacheHost() + "/dist/team/app:v1",
                "oci:" + back + ":v1");
        assertThat(OciLayouts.refDigest(back, "v1")).isEqualTo(image.manifest().digest());
        assertThat(OciLayouts.blobs(back)).isEqualTo(OciLayouts.blobs(source.dir()));
    }

    @Test
    void skopeoCopyAll_ofAnIndexInDistribution_throughTheCache_everyManifestAndBlob() {
        OciLayoutWriter source = new OciLayoutWriter(temp.resolve("source"));
        OciLayoutWriter.Image amd64 = source.image("amd64", OciLayoutWriter.files("arch.txt", "amd64 in dist\n"));
        OciLayoutWriter.Image arm64 = source.image("arm64", OciLayoutWriter.files("arch.txt", "arm64 in dist\n"));
        OciLayoutWriter.Descriptor index = source.index(List.of(amd64, arm64));
        source.tag("multi", index);
        assertThat(skopeo.push(source.dir(), "multi", distribution.host() + "/team/multi:1"))
                .isEqualTo(index.digest());

        Path back = temp.resolve("back");
        skopeo.run("copy", "--all", "--src-tls-verify=false", "docker://" + cacheHost() + "/dist/team/multi:1",
                "oci:" + back + ":multi");
        assertThat(OciLayouts.refDigest(back, "multi")).isEqualTo(index.digest());
        assertThat(OciLayouts.blobs(back)).isEqualTo(OciLayouts.blobs(source.dir())).hasSize(7);
    }

    @Test
    void skopeoCopy_ofADockerSchema2Image_throughTheCache_keepsTheManifestUnconverted() {
        OciLayoutWriter source = new OciLayoutWriter(temp.resolve("source"));
        OciLayoutWriter.Image image = source.image("amd64", OciLayoutWriter.files("hello.txt", "schema 2 in dist\n"));
        source.tag("v1", image.manifest());
        Path digestFile = temp.resolve("v2s2.digest");
        skopeo.run("copy", "--format", "v2s2", "--dest-tls-verify=false", "--digestfile", digestFile.toString(),
                "oci:" + source.dir() + ":v1", "docker://" + distribution.host() + "/team/legacy:v1");
        String pushed = new String(OciLayouts.read(digestFile)).trim();

        // dir: keeps the manifest as served, so its digest is the bytes the cache passed on.
        Path back = temp.resolve("back");
        skopeo.run("copy", "--src-tls-verify=false", "docker://" + cacheHost() + "/dist/team/legacy:v1",
                "dir:" + back);
        assertThat(RegistryClient.sha256(OciLayouts.read(back.resolve("manifest.json")))).isEqualTo(pushed);
        assertThat(OciLayouts.json(back.resolve("manifest.json")).get("mediaType").asString())
                .isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(OciLayouts.dirBlobs(back)).containsKey(image.layers().get(0).digest()).hasSize(2);
    }

    private static String cacheHost() {
        return "127.0.0.1:" + cache.port();
    }
}
