package dev.berth.distribution;

import static dev.berth.distribution.OciResponses.API_VERSION;
import static dev.berth.distribution.OciResponses.CONTENT_DIGEST;
import static dev.berth.distribution.OciResponses.OCI_INDEX;
import static dev.berth.distribution.OciResponses.OCI_MANIFEST;
import static dev.berth.distribution.OciResponses.assertError;
import static dev.berth.distribution.OciResponses.assertManifestAbsent;
import static dev.berth.distribution.OciResponses.header;
import static dev.berth.distribution.OciResponses.randomBytes;
import static dev.berth.distribution.OciResponses.sendStreamed;
import static dev.berth.distribution.OciResponses.sha512;
import static dev.berth.distribution.OciResponses.strings;
import static dev.berth.distribution.OciResponses.utf8;
import static dev.berth.support.RegistryClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.TestImages;

/** {@code PUT}, {@code GET}, {@code HEAD} and {@code DELETE /v2/<name>/manifests/<reference>}. */
class ManifestEndpointTest extends BerthHttpTest {

    private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final String MISSING_DIGEST =
            "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    @Test
    void put_ociManifestByTag_answersCreatedWithLocationAndDigest() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = image(repository, 1);
        String digest = sha256(manifest);

        HttpResponse<byte[]> response = put(repository, "v1", OCI_MANIFEST, manifest);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, "Location")).isEqualTo("/v2/" + repository + "/manifests/" + digest);
        assertThat(header(response, CONTENT_DIGEST)).isEqualTo(digest);
        assertThat(header(response, API_VERSION)).isEqualTo("registry/2.0");
        assertThat(header(response, "OCI-Subject")).isNull();
        assertServed(repository, "v1", manifest, OCI_MANIFEST);
        assertServed(repository, digest, manifest, OCI_MANIFEST);
    }

    @Test
    void get_manifestWithOddFormatting_servesPushedBytesUnchanged() {
        String repository = uniqueRepository("manifests");
        Blob config = push(repository, 2);
        Blob layer = push(repository, 3);
        byte[] manifest = utf8("{\n  \"schemaVersion\" : 2,\n\t\"mediaType\": \"" + OCI_MANIFEST + "\",\n"
                + "  \"config\": {\"mediaType\": \"application/vnd.oci.image.config.v1+json\", \"digest\": \""
                + config.digest() + "\", \"size\": " + config.size() + ", \"newUnspecifiedField\": [1, 2]},\n"
                + "  \"layers\": [{\"size\": " + layer.size() + ", \"digest\": \"" + layer.digest()
                + "\", \"mediaType\": \"application/vnd.oci.image.layer.v1.tar+gzip\"}],\n"
                + "  \"annotations\": {\"z\": \"\\u00e9t\\u00e9\", \"a\": \"1\"}\n}\n\n");

        HttpResponse<byte[]> response = put(repository, "odd", OCI_MANIFEST, manifest);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, CONTENT_DIGEST)).isEqualTo(sha256(manifest));
        assertServed(repository, "odd", manifest, OCI_MANIFEST);
    }

    @Test
    void put_manifestWithoutMediaTypeField_isServedWithContentTypeItWasPushedWith() {
        String repository = uniqueRepository("manifests");
        Blob config = push(repository, 4);
        byte[] manifest = utf8("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"" + config.digest() + "\",\"size\":" + config.size() + "},\"layers\":[]}");

        assertThat(put(repository, "emptylayer", OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);

        assertServed(repository, "emptylayer", manifest, OCI_MANIFEST);
    }

    @Test
    void put_ociIndex_isServedAsIndex() {
        String repository = uniqueRepository("manifests");
        byte[] amd64 = image(repository, 5);
        byte[] arm64 = image(repository, 6);
        registry.putManifest(repository, sha256(amd64), OCI_MANIFEST, amd64);
        registry.putManifest(repository, sha256(arm64), OCI_MANIFEST, arm64);
        byte[] index = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
                + child(OCI_MANIFEST, amd64, "amd64") + "," + child(OCI_MANIFEST, arm64, "arm64") + "]}");

        HttpResponse<byte[]> response = put(repository, "multi", OCI_INDEX, index);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, CONTENT_DIGEST)).isEqualTo(sha256(index));
        assertServed(repository, "multi", index, OCI_INDEX);
        assertServed(repository, sha256(index), index, OCI_INDEX);
    }

    @Test
    void put_emptyAndNestedIndexes_areAccepted() {
        String repository = uniqueRepository("manifests");
        byte[] empty = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[]}");
        byte[] image = image(repository, 43);
        registry.putManifest(repository, sha256(image), OCI_MANIFEST, image);
        byte[] inner = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
                + child(OCI_MANIFEST, image, "amd64") + "]}");
        registry.putManifest(repository, sha256(inner), OCI_INDEX, inner);
        byte[] outer = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
                + "{\"mediaType\":\"" + OCI_INDEX + "\",\"digest\":\"" + sha256(inner) + "\",\"size\":" + inner.length
                + "}]}");

        assertThat(put(repository, "empty", OCI_INDEX, empty).statusCode()).isEqualTo(201);
        assertThat(put(repository, "nested", OCI_INDEX, outer).statusCode()).isEqualTo(201);

        assertServed(repository, "empty", empty, OCI_INDEX);
        assertServed(repository, "nested", outer, OCI_INDEX);
    }

    @Test
    void put_sha512IndexTreeByDigestOnly_isAccepted() {
        String repository = uniqueRepository("manifests");
        byte[] config = randomBytes(60, 44);
        String configDigest = sha512(config);
        assertThat(registry.send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + configDigest, config)
                .statusCode()).isEqualTo(201);
        byte[] image = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                + config.length + ",\"data\":\"" + java.util.Base64.getEncoder().encodeToString(config) + "\"},"
                + "\"layers\":[]}");
        assertThat(put(repository, sha512(image), OCI_MANIFEST, image).statusCode()).isEqualTo(201);
        byte[] index = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
                + OCI_MANIFEST + "\",\"digest\":\"" + sha512(image) + "\",\"size\":" + image.length + "}]}");

        HttpResponse<byte[]> response = put(repository, sha512(index), OCI_INDEX, index);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, CONTENT_DIGEST)).isEqualTo(sha512(index));
        assertServed(repository, sha512(index), index, OCI_INDEX);
        assertServed(repository, sha512(image), image, OCI_MANIFEST);
        assertThat(tags(repository)).isEmpty();
    }

    @Test
    void put_dockerManifest_isServedWithDockerType() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = dockerImage(repository, 7);

        HttpResponse<byte[]> response = put(repository, "docker", DOCKER_MANIFEST, manifest);

        assertThat(response.statusCode()).isEqualTo(201);
        assertServed(repository, "docker", manifest, DOCKER_MANIFEST);
        assertServed(repository, sha256(manifest), manifest, DOCKER_MANIFEST);
    }

    @Test
    void put_dockerManifestList_isServedWithListType() {
        String repository = uniqueRepository("manifests");
        byte[] amd64 = dockerImage(repository, 8);
        registry.putManifest(repository, sha256(amd64), DOCKER_MANIFEST, amd64);
        byte[] list = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + DOCKER_LIST + "\",\"manifests\":["
                + child(DOCKER_MANIFEST, amd64, "amd64") + "]}");

        HttpResponse<byte[]> response = put(repository, "list", DOCKER_LIST, list);

        assertThat(response.statusCode()).isEqualTo(201);
        assertServed(repository, "list", list, DOCKER_LIST);
    }

    @Test
    void get_withSeveralAcceptLinesAndABody_servesManifest() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = image(repository, 9);
        registry.putManifest(repository, "v1", OCI_MANIFEST, manifest);

        HttpResponse<byte[]> response = registry.send("GET", "/v2/" + repository + "/manifests/v1", utf8("blablabla"),
                "Accept", OCI_INDEX, "Accept", OCI_MANIFEST, "Content-Type", "text/plain");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(manifest);
    }

    @Test
    void get_ifNoneMatchDigest_answersNotModifiedWithoutBody() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = image(repository, 45);
        String digest = registry.putManifest(repository, "v1", OCI_MANIFEST, manifest);

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/manifests/v1",
                "If-None-Match", "\"" + digest + "\"");

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(header(response, CONTENT_DIGEST)).isEqualTo(digest);
    }

    @Test
    void put_sameBytesAgainAndUnderAnotherTag_answersCreatedEveryTime() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = image(repository, 10);
        String digest = sha256(manifest);

        HttpResponse<byte[]> first = put(repository, "test0", OCI_MANIFEST, manifest);
        HttpResponse<byte[]> again = put(repository, "test0", OCI_MANIFEST, manifest);
        HttpResponse<byte[]> other = put(repository, "test1", OCI_MANIFEST, manifest);
        HttpResponse<byte[]> byDigest = put(repository, digest, OCI_MANIFEST, manifest);

        for (HttpResponse<byte[]> response : List.of(first, again, other, byDigest)) {
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(header(response, "Location")).isEqualTo("/v2/" + repository + "/manifests/" + digest);
            assertThat(header(response, CONTENT_DIGEST)).isEqualTo(digest);
        }
        assertThat(tags(repository)).containsExactly("test0", "test1");
    }

    @Test
    void put_existingTagWithOtherManifest_movesTag() {
        String repository = uniqueRepository("manifests");
        byte[] before = image(repository, 11);
        byte[] after = image(repository, 12);
        registry.putManifest(repository, "latest", OCI_MANIFEST, before);

        registry.putManifest(repository, "latest", OCI_MANIFEST, after);

        assertServed(repository, "latest", after, OCI_MANIFEST);
        assertServed(repository, sha256(before), before, OCI_MANIFEST);
    }

    @Test
    void put_streamedWithoutContentLength_answersCreated() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = image(repository, 13);

        HttpResponse<byte[]> response = sendStreamed(registry, "PUT", "/v2/" + repository + "/manifests/streamed",
                manifest, "Content-Type", OCI_MANIFEST);

        assertThat(response.statusCode()).isEqualTo(201);
        assertServed(repository, "streamed", manifest, OCI_MANIFEST);
    }

    @Test
    void put_bySha512Digest_isAddressedBySha512() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = image(repository, 14);
        String digest = sha512(manifest);

        HttpResponse<byte[]> response = put(repository, digest, OCI_MANIFEST, manifest);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, CONTENT_DIGEST)).isEqualTo(digest);
        assertThat(header(response, "Location")).isEqualTo("/v2/" + repository + "/manifests/" + digest);
        assertServed(repository, digest, manifest, OCI_MANIFEST);
        assertManifestAbsent(registry, repository, sha256(manifest));
    }

    @Test
    void put_missingLayer_answersManifestBlobUnknownAndStoresNothing() {
        String elsewhere = uniqueRepository("manifests");
        String repository = uniqueRepository("manifests");
        Blob config = push(elsewhere, 15);
        Blob layer = push(elsewhere, 16);
        byte[] manifest = TestImages.ociManifest(config.digest(), config.size(), layer.digest(),
                String.valueOf(layer.size()));

        assertError(put(repository, "v1", OCI_MANIFEST, manifest), 400, "MANIFEST_BLOB_UNKNOWN");

        assertManifestAbsent(registry, repository, "v1");
        assertManifestAbsent(registry, repository, sha256(manifest));
        assertThat(OciResponses.catalog(registry)).doesNotContain(repository);
    }

    @Test
    void put_missingLayerInExistingRepository_answersManifestBlobUnknownAndKeepsTags() {
        String repository = uniqueRepository("manifests");
        Blob config = push(repository, 17);
        byte[] good = TestImages.ociManifest(config.digest(), config.size());
        registry.putManifest(repository, "v1", OCI_MANIFEST, good);
        byte[] bad = TestImages.ociManifest(config.digest(), config.size(), MISSING_DIGEST, "10");

        assertError(put(repository, "v1", OCI_MANIFEST, bad), 400, "MANIFEST_BLOB_UNKNOWN");

        assertServed(repository, "v1", good, OCI_MANIFEST);
        assertManifestAbsent(registry, repository, sha256(bad));
    }

    @Test
    void put_missingConfig_answersManifestBlobUnknown() {
        String repository = uniqueRepository("manifests");
        Blob layer = push(repository, 18);
        byte[] manifest = TestImages.ociManifest(MISSING_DIGEST, 10, layer.digest(), String.valueOf(layer.size()));

        assertError(put(repository, "v1", OCI_MANIFEST, manifest), 400, "MANIFEST_BLOB_UNKNOWN");

        assertManifestAbsent(registry, repository, "v1");
    }

    @Test
    void put_indexWithMissingChild_answersManifestBlobUnknownAndStoresNothing() {
        String repository = uniqueRepository("manifests");
        byte[] present = image(repository, 19);
        registry.putManifest(repository, sha256(present), OCI_MANIFEST, present);
        byte[] absent = image(repository, 20);
        byte[] index = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
                + child(OCI_MANIFEST, present, "amd64") + "," + child(OCI_MANIFEST, absent, "arm64") + "]}");

        assertError(put(repository, "multi", OCI_INDEX, index), 400, "MANIFEST_BLOB_UNKNOWN");

        assertManifestAbsent(registry, repository, "multi");
        assertManifestAbsent(registry, repository, sha256(index));
    }

    @Test
    void put_nonDistributableLayerWithUrls_isAcceptedWithoutItsBlob() {
        String repository = uniqueRepository("manifests");
        Blob config = push(repository, 21);
        byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config.digest() + "\",\"size\":"
                + config.size() + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.nondistributable.v1.tar+gzip\",\"digest\":\"" + MISSING_DIGEST
                + "\",\"size\":1234,\"urls\":[\"https://example.com/layer.tar.gz\"]}]}");

        assertThat(put(repository, "windows", OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);

        assertServed(repository, "windows", manifest, OCI_MANIFEST);
    }

    @Test
    void put_withMissingSubject_answersCreatedWithOciSubject() {
        String repository = uniqueRepository("manifests");
        Blob config = push(repository, 22);
        byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config.digest() + "\",\"size\":"
                + config.size() + "},\"layers\":[],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\""
                + MISSING_DIGEST + "\",\"size\":100}}");

        HttpResponse<byte[]> response = put(repository, sha256(manifest), OCI_MANIFEST, manifest);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, "OCI-Subject")).isEqualTo(MISSING_DIGEST);
        assertServed(repository, sha256(manifest), manifest, OCI_MANIFEST);
    }

    @Test
    void put_dockerSchema1_answersManifestInvalid() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = utf8("{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"v1\",\"architecture\":\"amd64\","
                + "\"fsLayers\":[],\"history\":[]}");

        assertError(put(repository, "old", "application/vnd.docker.distribution.manifest.v1+prettyjws", manifest), 400,
                "MANIFEST_INVALID");
        assertError(put(repository, "old", "application/vnd.docker.distribution.manifest.v1+json", manifest), 400,
                "MANIFEST_INVALID");

        assertManifestAbsent(registry, repository, "old");
        assertThat(OciResponses.catalog(registry)).doesNotContain(repository);
    }

    @Test
    void put_malformedJson_answersManifestInvalid() {
        String repository = uniqueRepository("manifests");

        assertError(put(repository, "bad", OCI_MANIFEST, utf8("{\"schemaVersion\":2,")), 400, "MANIFEST_INVALID");
        assertError(put(repository, "bad", OCI_MANIFEST, utf8("[]")), 400, "MANIFEST_INVALID");
        assertError(put(repository, "bad", OCI_MANIFEST, new byte[0]), 400, "MANIFEST_INVALID");
        assertError(put(repository, "bad", OCI_MANIFEST, utf8("{\"schemaVersion\":2,\"config\":{\"mediaType\":"
                + "\"x\",\"digest\":\"sha256:nothex\",\"size\":1},\"layers\":[]}")), 400, "MANIFEST_INVALID");

        assertManifestAbsent(registry, repository, "bad");
        assertThat(OciResponses.catalog(registry)).doesNotContain(repository);
    }

    @Test
    void put_mediaTypeDifferentFromContentType_answersManifestInvalid() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = image(repository, 23);

        assertError(put(repository, "v1", DOCKER_MANIFEST, manifest), 400, "MANIFEST_INVALID");

        assertManifestAbsent(registry, repository, "v1");
        assertManifestAbsent(registry, repository, sha256(manifest));
    }

    @Test
    void put_bothLayersAndManifests_answersManifestInvalid() {
        String repository = uniqueRepository("manifests");
        Blob config = push(repository, 24);
        byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config.digest() + "\",\"size\":"
                + config.size() + "},\"layers\":[],\"manifests\":[]}");

        assertError(put(repository, "both", OCI_MANIFEST, manifest), 400, "MANIFEST_INVALID");

        assertManifestAbsent(registry, repository, "both");
    }

    @Test
    void put_largerThanFourMebibytes_answersPayloadTooLarge() {
        String repository = uniqueRepository("manifests");
        Blob config = push(repository, 25);
        byte[] manifest = bigManifest(config, 4 * 1024 * 1024 + 100);

        assertError(put(repository, "huge", OCI_MANIFEST, manifest), 413, "MANIFEST_INVALID");

        assertManifestAbsent(registry, repository, "huge");
        assertManifestAbsent(registry, repository, sha256(manifest));
    }

    @Test
    void put_almostFourMebibytes_isAccepted() {
        String repository = uniqueRepository("manifests");
        Blob config = push(repository, 26);
        byte[] manifest = bigManifest(config, 3_900_000);

        HttpResponse<byte[]> response = sendStreamed(registry, "PUT", "/v2/" + repository + "/manifests/big",
                manifest, "Content-Type", OCI_MANIFEST);

        assertThat(response.statusCode()).isEqualTo(201);
        assertServed(repository, "big", manifest, OCI_MANIFEST);
    }

    @Test
    void put_byDigestWithOtherBytes_answersDigestInvalidAndStoresNothing() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = image(repository, 27);
        String claimed = sha256(image(repository, 28));

        assertError(put(repository, claimed, OCI_MANIFEST, manifest), 400, "DIGEST_INVALID");

        assertManifestAbsent(registry, repository, claimed);
        assertManifestAbsent(registry, repository, sha256(manifest));
    }

    @Test
    void put_malformedDigestReference_answersDigestInvalid() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = image(repository, 29);

        assertError(put(repository, "sha256:baddigeststring", OCI_MANIFEST, manifest), 400, "DIGEST_INVALID");

        assertManifestAbsent(registry, repository, sha256(manifest));
    }

    @Test
    void get_malformedDigest_answersDigestInvalid() {
        String repository = uniqueRepository("manifests");
        registry.putManifest(repository, "v1", OCI_MANIFEST, image(repository, 30));

        assertError(registry.get("/v2/" + repository + "/manifests/sha256:totallywrong"), 400, "DIGEST_INVALID");
    }

    @Test
    void getAndHead_invalidTag_answerNotFound() {
        String repository = uniqueRepository("manifests");
        registry.putManifest(repository, "v1", OCI_MANIFEST, image(repository, 31));

        assertManifestAbsent(registry, repository, ".INVALID_MANIFEST_NAME");
        assertManifestAbsent(registry, repository, "-x");
        assertManifestAbsent(registry, repository, "t".repeat(129));
    }

    @Test
    void put_invalidTag_answersBadRequestAndStoresNothing() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = image(repository, 32);

        assertError(put(repository, ".INVALID_MANIFEST_NAME", OCI_MANIFEST, manifest), 400, "MANIFEST_INVALID");
        assertError(put(repository, "t".repeat(129), OCI_MANIFEST, manifest), 400, "MANIFEST_INVALID");

        assertManifestAbsent(registry, repository, sha256(manifest));
    }

    @Test
    void get_unknownTagAndDigest_answerManifestUnknown() {
        String repository = uniqueRepository("manifests");
        registry.putManifest(repository, "v1", OCI_MANIFEST, image(repository, 33));

        assertManifestAbsent(registry, repository, "v2");
        assertManifestAbsent(registry, repository, MISSING_DIGEST);
    }

    @Test
    void get_manifestOfAnotherRepository_answersManifestUnknown() {
        String owner = uniqueRepository("manifests");
        String stranger = uniqueRepository("manifests");
        byte[] manifest = image(owner, 34);
        registry.putManifest(owner, "v1", OCI_MANIFEST, manifest);
        registry.putManifest(stranger, "other", OCI_MANIFEST, image(stranger, 35));

        assertManifestAbsent(registry, stranger, "v1");
        assertManifestAbsent(registry, stranger, sha256(manifest));
    }

    @Test
    void put_byDigestWithTagParameters_tagsEachAndEchoesOciTag() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = image(repository, 36);
        String digest = sha256(manifest);

        HttpResponse<byte[]> response = registry.send("PUT", "/v2/" + repository + "/manifests/" + digest
                + "?tag=a&tag=b", manifest, "Content-Type", OCI_MANIFEST);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().allValues("OCI-Tag")).containsExactlyInAnyOrder("a", "b");
        assertServed(repository, "a", manifest, OCI_MANIFEST);
        assertServed(repository, "b", manifest, OCI_MANIFEST);
        assertThat(tags(repository)).containsExactly("a", "b");
    }

    @Test
    void put_invalidTagParameter_answersBadRequestAndStoresNothing() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = image(repository, 37);
        String digest = sha256(manifest);

        HttpResponse<byte[]> response = registry.send("PUT", "/v2/" + repository + "/manifests/" + digest
                + "?tag=good&tag=.bad", manifest, "Content-Type", OCI_MANIFEST);

        assertError(response, 400, "MANIFEST_INVALID");
        assertManifestAbsent(registry, repository, digest);
        assertManifestAbsent(registry, repository, "good");
    }

    @Test
    void delete_byDigest_removesManifestAndItsTags() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = image(repository, 38);
        byte[] other = image(repository, 39);
        String digest = sha256(manifest);
        registry.putManifest(repository, "one", OCI_MANIFEST, manifest);
        registry.putManifest(repository, "two", OCI_MANIFEST, manifest);
        registry.putManifest(repository, "keep", OCI_MANIFEST, other);

        HttpResponse<byte[]> response = registry.delete("/v2/" + repository + "/manifests/" + digest);

        assertThat(response.statusCode()).isEqualTo(202);
        assertManifestAbsent(registry, repository, digest);
        assertManifestAbsent(registry, repository, "one");
        assertManifestAbsent(registry, repository, "two");
        assertThat(tags(repository)).containsExactly("keep");
        assertError(registry.delete("/v2/" + repository + "/manifests/" + digest), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void delete_byTag_removesTagOnly() {
        String repository = uniqueRepository("manifests");
        byte[] manifest = image(repository, 40);
        registry.putManifest(repository, "one", OCI_MANIFEST, manifest);
        registry.putManifest(repository, "two", OCI_MANIFEST, manifest);

        HttpResponse<byte[]> response = registry.delete("/v2/" + repository + "/manifests/one");

        assertThat(response.statusCode()).isEqualTo(202);
        assertManifestAbsent(registry, repository, "one");
        assertServed(repository, "two", manifest, OCI_MANIFEST);
        assertServed(repository, sha256(manifest), manifest, OCI_MANIFEST);
        assertThat(tags(repository)).containsExactly("two");
    }

    @Test
    void delete_unknownManifest_answersManifestUnknown() {
        String repository = uniqueRepository("manifests");
        registry.putManifest(repository, "v1", OCI_MANIFEST, image(repository, 41));

        assertError(registry.delete("/v2/" + repository + "/manifests/nope"), 404, "MANIFEST_UNKNOWN");
        assertError(registry.delete("/v2/" + repository + "/manifests/" + MISSING_DIGEST), 404, "MANIFEST_UNKNOWN");
        assertError(registry.delete("/v2/" + uniqueRepository("manifests") + "/manifests/v1"), 404,
                "MANIFEST_UNKNOWN");
        assertThat(tags(repository)).containsExactly("v1");
    }

    @Test
    void delete_indexChild_keepsIndexServable() {
        String repository = uniqueRepository("manifests");
        byte[] amd64 = image(repository, 42);
        registry.putManifest(repository, sha256(amd64), OCI_MANIFEST, amd64);
        byte[] index = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
                + child(OCI_MANIFEST, amd64, "amd64") + "]}");
        registry.putManifest(repository, "multi", OCI_INDEX, index);

        assertThat(registry.delete("/v2/" + repository + "/manifests/multi").statusCode()).isEqualTo(202);
        assertThat(registry.delete("/v2/" + repository + "/manifests/" + sha256(index)).statusCode()).isEqualTo(202);
        assertThat(registry.delete("/v2/" + repository + "/manifests/" + sha256(amd64)).statusCode()).isEqualTo(202);

        assertManifestAbsent(registry, repository, sha256(index));
        assertManifestAbsent(registry, repository, sha256(amd64));
    }

    // --- helpers ---

    private HttpResponse<byte[]> put(String repository, String reference, String contentType, byte[] manifest) {
        return registry.send("PUT", "/v2/" + repository + "/manifests/" + reference, manifest,
                "Content-Type", contentType);
    }

    /** GET and HEAD agree: status, exact bytes, exact Content-Type, length and digest. */
    private void assertServed(String repository, String reference, byte[] manifest, String mediaType) {
        String path = "/v2/" + repository + "/manifests/" + reference;
        String digest = reference.startsWith("sha512:") ? reference : sha256(manifest);
        HttpResponse<byte[]> get = registry.get(path, "Accept", mediaType);
        HttpResponse<byte[]> head = registry.head(path, "Accept", mediaType);
        for (HttpResponse<byte[]> response : List.of(get, head)) {
            assertThat(response.statusCode()).as("%s %s", response.request().method(), path).isEqualTo(200);
            assertThat(header(response, "Content-Type")).isEqualTo(mediaType);
            assertThat(header(response, "Content-Length")).isEqualTo(String.valueOf(manifest.length));
            assertThat(header(response, CONTENT_DIGEST)).isEqualTo(digest);
            assertThat(header(response, "ETag")).isEqualTo("\"" + digest + "\"");
        }
        assertThat(get.body()).isEqualTo(manifest);
        assertThat(head.body()).isEmpty();
    }

    private List<String> tags(String repository) {
        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/tags/list");
        assertThat(response.statusCode()).isEqualTo(200);
        return strings(OciResponses.json(response).get("tags"));
    }

    private Blob push(String repository, long seed) {
        byte[] content = randomBytes(100 + (int) seed, seed);
        return new Blob(registry.pushBlob(repository, content), content.length);
    }

    /** A distinct OCI image manifest whose config and layer are pushed to {@code repository}. */
    private byte[] image(String repository, long seed) {
        Blob config = push(repository, seed * 1000);
        Blob layer = push(repository, seed * 1000 + 1);
        return TestImages.ociManifest(config.digest(), config.size(), layer.digest(), String.valueOf(layer.size()));
    }

    private byte[] dockerImage(String repository, long seed) {
        Blob config = push(repository, seed * 1000);
        Blob layer = push(repository, seed * 1000 + 1);
        return utf8("{\"schemaVersion\":2,\"mediaType\":\"" + DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.docker.container.image.v1+json\",\"digest\":\"" + config.digest() + "\",\"size\":"
                + config.size() + "},\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\","
                + "\"digest\":\"" + layer.digest() + "\",\"size\":" + layer.size() + "}]}");
    }

    private static String child(String mediaType, byte[] manifest, String architecture) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + sha256(manifest) + "\",\"size\":"
                + manifest.length + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"" + architecture + "\"}}";
    }

    /** An image manifest padded with annotations to exactly {@code size} bytes. */
    private static byte[] bigManifest(Blob config, int size) {
        String head = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config.digest() + "\",\"size\":"
                + config.size() + "},\"layers\":[],\"annotations\":{";
        StringBuilder json = new StringBuilder(size).append(head);
        int i = 0;
        String tail = "}}";
        while (json.length() + tail.length() < size) {
            String prefix = (i == 0 ? "" : ",") + "\"a" + i + "\":\"";
            int room = size - json.length() - tail.length() - prefix.length() - 1;
            if (room < 1) {
                // too little room for another annotation: widen the previous value instead
                json.insert(json.length() - 1, "x".repeat(size - json.length() - tail.length()));
                break;
            }
            json.append(prefix).append("x".repeat(Math.min(10_000, room))).append('"');
            i++;
        }
        json.append(tail);
        assertThat(json.length()).isEqualTo(size);
        return utf8(json.toString());
    }

    private record Blob(String digest, long size) {
    }
}
