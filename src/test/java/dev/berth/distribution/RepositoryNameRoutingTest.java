package dev.berth.distribution;

import static dev.berth.distribution.OciResponses.OCI_MANIFEST;
import static dev.berth.distribution.OciResponses.header;
import static dev.berth.distribution.OciResponses.json;
import static dev.berth.distribution.OciResponses.randomBytes;
import static dev.berth.distribution.OciResponses.startUpload;
import static dev.berth.distribution.OciResponses.strings;
import static dev.berth.distribution.OciResponses.withQuery;
import static dev.berth.support.RegistryClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.TestImages;

/**
 * Repository names may contain the words the API uses as path markers ({@code blobs},
 * {@code uploads}, {@code manifests}, {@code tags/list}, {@code referrers}); every endpoint must
 * still find the right repository.
 */
class RepositoryNameRoutingTest extends BerthHttpTest {

    @ParameterizedTest
    @ValueSource(strings = {"blobs/uploads", "x/manifests", "tags/list", "v2/referrers", "blobs/blobs/manifests"})
    void pushAndPull_nameContainingRouteWords_reachesThatRepository(String suffix) {
        String repository = "routing-" + UUID.randomUUID().toString().substring(0, 8) + "/" + suffix;
        byte[] config = randomBytes(30, 1);
        byte[] layer = randomBytes(3000, 2);

        String configDigest = registry.pushBlob(repository, config);
        String location = startUpload(registry, repository);
        assertThat(location).isEqualTo("/v2/" + repository + "/blobs/uploads/"
                + location.substring(location.lastIndexOf('/') + 1));
        assertThat(registry.send("PATCH", location, layer, "Content-Range", "0-2999").statusCode()).isEqualTo(202);
        assertThat(registry.get(location).statusCode()).isEqualTo(204);
        HttpResponse<byte[]> committed = registry.send("PUT", withQuery(location, "digest", sha256(layer)), null);
        assertThat(committed.statusCode()).isEqualTo(201);
        assertThat(header(committed, "Location")).isEqualTo("/v2/" + repository + "/blobs/" + sha256(layer));
        byte[] manifest = TestImages.ociManifest(configDigest, config.length, sha256(layer), "3000");
        String digest = registry.putManifest(repository, "v1", OCI_MANIFEST, manifest);

        assertThat(registry.get("/v2/" + repository + "/blobs/" + sha256(layer)).body()).isEqualTo(layer);
        assertThat(registry.get("/v2/" + repository + "/manifests/v1").body()).isEqualTo(manifest);
        HttpResponse<byte[]> tags = registry.get("/v2/" + repository + "/tags/list");
        assertThat(json(tags).get("name").asString()).isEqualTo(repository);
        assertThat(strings(json(tags).get("tags"))).containsExactly("v1");
        assertThat(registry.get("/v2/" + repository + "/referrers/" + digest).statusCode()).isEqualTo(200);
        assertThat(OciResponses.catalog(registry)).contains(repository);
        assertThat(registry.delete("/v2/" + repository + "/manifests/" + digest).statusCode()).isEqualTo(202);
        assertThat(registry.delete("/v2/" + repository + "/blobs/" + sha256(layer)).statusCode()).isEqualTo(202);
        OciResponses.assertManifestAbsent(registry, repository, "v1");
        OciResponses.assertBlobAbsent(registry, repository, sha256(layer));
    }
}
