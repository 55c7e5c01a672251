package dev.berth.distribution;

import static dev.berth.distribution.OciResponses.OCI_INDEX;
import static dev.berth.distribution.OciResponses.OCI_MANIFEST;
import static dev.berth.distribution.OciResponses.assertError;
import static dev.berth.distribution.OciResponses.header;
import static dev.berth.distribution.OciResponses.json;
import static dev.berth.distribution.OciResponses.randomBytes;
import static dev.berth.distribution.OciResponses.utf8;
import static dev.berth.support.RegistryClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.TestImages;

/** {@code GET /v2/<name>/referrers/<digest>}, with the conformance suite's artifacts. */
class ReferrersTest extends BerthHttpTest {

    static final String TYPE_A = "application/vnd.nhl.peanut.butter.bagel";
    static final String TYPE_B = "application/vnd.nba.strawberry.jam.croissant";
    static final String EMPTY_TYPE = "application/vnd.oci.empty.v1+json";
    static final byte[] EMPTY_JSON = utf8("{}");
    static final String ANNOTATION = "org.opencontainers.conformance.test";

    @Test
    void referrers_ofManifest_listsEachReferrerWithTypeAndAnnotations() {
        String repository = uniqueRepository("referrers");
        Subject subject = pushSubject(repository);
        byte[] aConfig = configTypedArtifact(repository, subject.digest(), TYPE_A, "a-config");
        byte[] aLayer = artifactTyped(repository, subject.digest(), TYPE_A, "a-layer");
        byte[] index = artifactIndex(repository, subject.digest(), aConfig, aLayer);
        byte[] bConfig = configTypedArtifact(repository, subject.digest(), TYPE_B, "b-config");

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/referrers/" + subject.digest());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo(OCI_INDEX);
        assertThat(header(response, "OCI-Filters-Applied")).isNull();
        JsonNode body = json(response);
        assertThat(body.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(body.get("mediaType").asString()).isEqualTo(OCI_INDEX);
        List<Expected> expected = List.of(
                new Expected(OCI_MANIFEST, aConfig, TYPE_A, "a-config"),
                new Expected(OCI_MANIFEST, aLayer, TYPE_A, "a-layer"),
                new Expected(OCI_INDEX, index, "application/vnd.food.stand", "index"),
                new Expected(OCI_MANIFEST, bConfig, TYPE_B, "b-config"));
        assertDescriptors(body.get("manifests"), expected);
    }

    @Test
    void referrers_filteredByArtifactType_listsOnlyThatTypeAndSaysSo() {
        String repository = uniqueRepository("referrers");
        Subject subject = pushSubject(repository);
        byte[] aConfig = configTypedArtifact(repository, subject.digest(), TYPE_A, "a-config");
        byte[] aLayer = artifactTyped(repository, subject.digest(), TYPE_A, "a-layer");
        configTypedArtifact(repository, subject.digest(), TYPE_B, "b-config");
        artifactTyped(repository, subject.digest(), TYPE_B, "b-layer");

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/referrers/" + subject.digest()
                + "?artifactType=" + TYPE_A);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo(OCI_INDEX);
        assertThat(header(response, "OCI-Filters-Applied")).isEqualTo("artifactType");
        assertDescriptors(json(response).get("manifests"), List.of(
                new Expected(OCI_MANIFEST, aConfig, TYPE_A, "a-config"),
                new Expected(OCI_MANIFEST, aLayer, TYPE_A, "a-layer")));
    }

    @Test
    void referrers_filterMatchingNothing_answersEmptyIndexWithFilterHeader() {
        String repository = uniqueRepository("referrers");
        Subject subject = pushSubject(repository);
        configTypedArtifact(repository, subject.digest(), TYPE_A, "a-config");

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/referrers/" + subject.digest()
                + "?artifactType=application/vnd.nothing");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "OCI-Filters-Applied")).isEqualTo("artifactType");
        assertThat(json(response).get("manifests").size()).isZero();
    }

    @Test
    void referrers_unknownDigest_answersEmptyIndex() {
        String repository = uniqueRepository("referrers");
        pushSubject(repository);

        assertEmptyIndex(registry.get("/v2/" + repository + "/referrers/" + sha256(utf8("dummy"))));
    }

    @Test
    void referrers_unknownRepository_answersEmptyIndex() {
        assertEmptyIndex(registry.get("/v2/" + uniqueRepository("referrers") + "/referrers/"
                + sha256(utf8("dummy"))));
    }

    @Test
    void referrers_malformedDigest_answersDigestInvalid() {
        String repository = uniqueRepository("referrers");
        pushSubject(repository);

        assertError(registry.get("/v2/" + repository + "/referrers/sha256:nothex"), 400, "DIGEST_INVALID");
        assertError(registry.get("/v2/" + repository + "/referrers/latest"), 400, "DIGEST_INVALID");
    }

    @Test
    void referrers_pushedBeforeTheirSubject_areListed() {
        String repository = uniqueRepository("referrers");
        byte[] futureSubject = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":"
                + emptyDescriptor() + ",\"layers\":[],\"annotations\":{\"future\":\"yes\"}}");
        String subjectDigest = sha256(futureSubject);
        byte[] cLayer = artifactTypedWithoutAnnotations(repository, subjectDigest, TYPE_A);

        HttpResponse<byte[]> before = registry.get("/v2/" + repository + "/referrers/" + subjectDigest);
        registry.putManifest(repository, "subject", OCI_MANIFEST, futureSubject);
        HttpResponse<byte[]> after = registry.get("/v2/" + repository + "/referrers/" + subjectDigest);

        for (HttpResponse<byte[]> response : List.of(before, after)) {
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode manifests = json(response).get("manifests");
            assertThat(manifests.size()).isEqualTo(1);
            assertThat(manifests.get(0).get("digest").asString()).isEqualTo(sha256(cLayer));
            assertThat(manifests.get(0).get("artifactType").asString()).isEqualTo(TYPE_A);
            assertThat(manifests.get(0).has("annotations")).isFalse();
        }
    }

    @Test
    void referrers_ofOtherRepository_areNotListed() {
        String repository = uniqueRepository("referrers");
        String other = uniqueRepository("referrers");
        Subject subject = pushSubject(repository);
        configTypedArtifact(repository, subject.digest(), TYPE_A, "a-config");
        pushSubject(other);

        assertEmptyIndex(registry.get("/v2/" + other + "/referrers/" + subject.digest()));
    }

    @Test
    void referrers_fromFallbackTagIndex_areIncludedOnce() {
        String repository = uniqueRepository("referrers");
        Subject subject = pushSubject(repository);
        byte[] viaSubject = configTypedArtifact(repository, subject.digest(), TYPE_A, "a-config");
        byte[] legacy = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\""
                + TYPE_B + "\",\"config\":" + emptyDescriptor() + ",\"layers\":[" + emptyDescriptor() + "]}");
        registry.putManifest(repository, sha256(legacy), OCI_MANIFEST, legacy);
        byte[] fallback = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
                + "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + sha256(legacy) + "\",\"size\":"
                + legacy.length + ",\"artifactType\":\"" + TYPE_B + "\",\"annotations\":{\"" + ANNOTATION
                + "\":\"legacy\"}},"
                + "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + sha256(viaSubject) + "\",\"size\":"
                + viaSubject.length + ",\"artifactType\":\"" + TYPE_A + "\",\"annotations\":{\"" + ANNOTATION
                + "\":\"a-config\"}}]}");
        String fallbackTag = subject.digest().replace(':', '-');
        registry.putManifest(repository, fallbackTag, OCI_INDEX, fallback);

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/referrers/" + subject.digest());

        assertThat(response.statusCode()).isEqualTo(200);
        assertDescriptors(json(response).get("manifests"), List.of(
                new Expected(OCI_MANIFEST, viaSubject, TYPE_A, "a-config"),
                new Expected(OCI_MANIFEST, legacy, TYPE_B, "legacy")));
    }

    @Test
    void referrers_afterReferrerDeleted_omitIt() {
        String repository = uniqueRepository("referrers");
        Subject subject = pushSubject(repository);
        byte[] kept = configTypedArtifact(repository, subject.digest(), TYPE_A, "kept");
        byte[] deleted = configTypedArtifact(repository, subject.digest(), TYPE_B, "deleted");

        assertThat(registry.delete("/v2/" + repository + "/manifests/" + sha256(deleted)).statusCode())
                .isEqualTo(202);

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/referrers/" + subject.digest());
        assertDescriptors(json(response).get("manifests"), List.of(new Expected(OCI_MANIFEST, kept, TYPE_A, "kept")));
    }

    @Test
    void put_referrer_answersOciSubjectHeader() {
        String repository = uniqueRepository("referrers");
        Subject subject = pushSubject(repository);
        registry.pushBlob(repository, EMPTY_JSON);
        byte[] artifact = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\""
                + TYPE_A + "\",\"config\":" + emptyDescriptor() + ",\"layers\":[" + emptyDescriptor()
                + "],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + subject.digest()
                + "\",\"size\":" + subject.size() + "}}");

        HttpResponse<byte[]> response = registry.send("PUT", "/v2/" + repository + "/manifests/" + sha256(artifact),
                artifact, "Content-Type", OCI_MANIFEST);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, "OCI-Subject")).isEqualTo(subject.digest());
    }

    // --- helpers, shared with the paging test ---

    static void assertEmptyIndex(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo(OCI_INDEX);
        JsonNode body = json(response);
        assertThat(body.get("schemaVersion").asInt()).isEqualTo(2);
        assertThat(body.get("mediaType").asString()).isEqualTo(OCI_INDEX);
        assertThat(body.get("manifests").isArray()).isTrue();
        assertThat(body.get("manifests").size()).isZero();
        assertThat(header(response, "Link")).isNull();
    }

    /** The descriptors, in any order, each exactly as expected: no more fields, one annotation. */
    static void assertDescriptors(JsonNode manifests, List<Expected> expected) {
        List<String> digests = new ArrayList<>();
        manifests.forEach(descriptor -> digests.add(descriptor.get("digest").asString()));
        assertThat(digests).containsExactlyInAnyOrderElementsOf(expected.stream().map(e -> sha256(e.bytes())).toList());
        for (JsonNode descriptor : manifests) {
            Expected match = expected.stream().filter(e -> sha256(e.bytes()).equals(descriptor.get("digest").asString()))
                    .findFirst().orElseThrow();
            assertThat(descriptor.get("mediaType").asString()).isEqualTo(match.mediaType());
            assertThat(descriptor.get("size").asLong()).isEqualTo(match.bytes().length);
            assertThat(descriptor.get("artifactType").asString()).isEqualTo(match.artifactType());
            JsonNode annotations = descriptor.get("annotations");
            assertThat(annotations.size()).isEqualTo(1);
            assertThat(annotations.get(ANNOTATION).asString()).isEqualTo(match.annotation());
        }
    }

    Subject pushSubject(String repository) {
        byte[] config = randomBytes(40, repository.hashCode());
        String configDigest = registry.pushBlob(repository, config);
        byte[] manifest = TestImages.ociManifest(configDigest, config.length);
        return new Subject(registry.putManifest(repository, "subject", OCI_MANIFEST, manifest), manifest.length);
    }

    /** An artifact whose type is only its config's media type (the AConfig of the conformance suite). */
    byte[] configTypedArtifact(String repository, String subject, String type, String annotation) {
        byte[] config = utf8("{\"kind\":\"" + annotation + "\"}");
        String configDigest = registry.pushBlob(repository, config);
        registry.pushBlob(repository, EMPTY_JSON);
        byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + type + "\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},\"layers\":["
                + emptyDescriptor() + "],\"subject\":" + subjectDescriptor(subject) + ",\"annotations\":{\""
                + ANNOTATION + "\":\"" + annotation + "\"}}");
        registry.putManifest(repository, sha256(manifest), OCI_MANIFEST, manifest);
        return manifest;
    }

    /** An artifact with its own artifactType and the empty config (the ALayer of the conformance suite). */
    byte[] artifactTyped(String repository, String subject, String type, String annotation) {
        registry.pushBlob(repository, EMPTY_JSON);
        byte[] layer = utf8("layer of " + annotation);
        String layerDigest = registry.pushBlob(repository, layer);
        byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"" + type
                + "\",\"config\":" + emptyDescriptor() + ",\"layers\":[{\"mediaType\":\"" + type + "\",\"digest\":\""
                + layerDigest + "\",\"size\":" + layer.length + "}],\"subject\":" + subjectDescriptor(subject)
                + ",\"annotations\":{\"" + ANNOTATION + "\":\"" + annotation + "\"}}");
        registry.putManifest(repository, sha256(manifest), OCI_MANIFEST, manifest);
        return manifest;
    }

    private byte[] artifactTypedWithoutAnnotations(String repository, String subject, String type) {
        registry.pushBlob(repository, EMPTY_JSON);
        byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\"" + type
                + "\",\"config\":" + emptyDescriptor() + ",\"layers\":[" + emptyDescriptor() + "],\"subject\":"
                + subjectDescriptor(subject) + "}");
        registry.putManifest(repository, sha256(manifest), OCI_MANIFEST, manifest);
        return manifest;
    }

    private byte[] artifactIndex(String repository, String subject, byte[] first, byte[] second) {
        byte[] index = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"artifactType\":"
                + "\"application/vnd.food.stand\",\"manifests\":[{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\""
                + sha256(first) + "\",\"size\":" + first.length + "},{\"mediaType\":\"" + OCI_MANIFEST
                + "\",\"digest\":\"" + sha256(second) + "\",\"size\":" + second.length + "}],\"subject\":"
                + subjectDescriptor(subject) + ",\"annotations\":{\"" + ANNOTATION + "\":\"index\"}}");
        registry.putManifest(repository, sha256(index), OCI_INDEX, index);
        return index;
    }

    static String emptyDescriptor() {
        return "{\"mediaType\":\"" + EMPTY_TYPE + "\",\"digest\":\"" + sha256(EMPTY_JSON) + "\",\"size\":2}";
    }

    private static String subjectDescriptor(String digest) {
        return "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":100}";
    }

    record Subject(String digest, int size) {
    }

    record Expected(String mediaType, byte[] bytes, String artifactType, String annotation) {
    }
}
