package dev.berth.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ManifestParserTest {

    private static final String D1 = "sha256:" + "1".repeat(64);
    private static final String D2 = "sha256:" + "2".repeat(64);
    private static final String D3 = "sha256:" + "3".repeat(64);

    private static final String IMAGE = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":10},
             "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":20}],
             "annotations":{"org.example":"yes"}}""".formatted(D1, D2);

    @Test
    void parse_ociImage_readsConfigLayersAndAnnotations() {
        Manifest manifest = ManifestParser.parse(bytes(IMAGE), MediaTypes.OCI_MANIFEST);

        assertThat(manifest.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(manifest.config().digest().toString()).isEqualTo(D1);
        assertThat(manifest.layers()).extracting(d -> d.digest().toString()).containsExactly(D2);
        assertThat(manifest.annotations()).containsEntry("org.example", "yes");
        assertThat(manifest.effectiveArtifactType()).isEqualTo("application/vnd.oci.image.config.v1+json");
    }

    @Test
    void parse_contentTypeWithParameters_isMatchedByEssence() {
        Manifest manifest = ManifestParser.parse(bytes(IMAGE), MediaTypes.OCI_MANIFEST + "; charset=utf-8");

        assertThat(manifest.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    }

    @Test
    void parse_noMediaTypeField_takesContentType() {
        String body = IMAGE.replace("\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",", "");

        assertThat(ManifestParser.parse(bytes(body), MediaTypes.OCI_MANIFEST).mediaType())
                .isEqualTo(MediaTypes.OCI_MANIFEST);
    }

    @Test
    void parse_indexWithPlatformsAndSubject_readsChildren() {
        String index = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","artifactType":"x/y",
                 "manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1,
                   "platform":{"os":"linux","architecture":"arm64","variant":"v8"}}],
                 "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":2}}"""
                .formatted(D1, D3);

        Manifest manifest = ManifestParser.parse(bytes(index), MediaTypes.OCI_INDEX);

        assertThat(manifest.isIndex()).isTrue();
        assertThat(manifest.children()).singleElement().satisfies(child ->
                assertThat(child.platform()).isEqualTo("linux/arm64/v8"));
        assertThat(manifest.subject().digest().toString()).isEqualTo(D3);
        assertThat(manifest.effectiveArtifactType()).isEqualTo("x/y");
    }

    @Test
    void parse_mediaTypeDiffersFromContentType_isRefused() {
        assertInvalid(IMAGE, MediaTypes.DOCKER_MANIFEST, "does not match");
    }

    @Test
    void parse_bothLayersAndManifests_isRefused() {
        String both = IMAGE.replace("\"annotations\"", "\"manifests\":[],\"annotations\"");

        assertInvalid(both, MediaTypes.OCI_MANIFEST, "both");
    }

    @Test
    void parse_dockerSchema1_isRefusedWithReason() {
        assertInvalid("{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"y\",\"fsLayers\":[]}", MediaTypes.DOCKER_SCHEMA1,
                "schema 1");
    }

    @Test
    void parse_notJson_isRefused() {
        assertInvalid("not json", MediaTypes.OCI_MANIFEST, "JSON");
    }

    @Test
    void parse_unknownMediaType_isRefused() {
        assertInvalid(IMAGE.replace("application/vnd.oci.image.manifest.v1+json", "text/plain"), "text/plain",
                "unsupported");
    }

    @Test
    void parse_badDescriptorDigest_isRefused() {
        assertInvalid(IMAGE.replace(D2, "sha256:nothex"), MediaTypes.OCI_MANIFEST, "digest");
    }

    @Test
    void parse_negativeSize_isRefused() {
        assertInvalid(IMAGE.replace("\"size\":20", "\"size\":-1"), MediaTypes.OCI_MANIFEST, "size");
    }

    @Test
    void parse_deeplyNestedDocument_isRefusedNotStackOverflow() {
        String deep = "{\"schemaVersion\":2,\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        assertInvalid(deep, MediaTypes.OCI_MANIFEST, "JSON");
    }

    @Test
    void parse_nonDistributableLayerWithUrls_isNotDistributable() {
        String foreign = IMAGE.replace("\"size\":20}", "\"size\":20,\"urls\":[\"https://example.invalid/l\"]}");

        Manifest manifest = ManifestParser.parse(bytes(foreign), MediaTypes.OCI_MANIFEST);

        assertThat(manifest.layers().get(0).isDistributable()).isFalse();
        assertThat(manifest.config().isDistributable()).isTrue();
    }

    private static void assertInvalid(String body, String contentType, String detailPart) {
        assertThatThrownBy(() -> ManifestParser.parse(bytes(body), contentType))
                .isInstanceOfSatisfying(OciException.class, e -> {
                    assertThat(e.code()).isEqualTo(OciErrorCode.MANIFEST_INVALID);
                    assertThat(e.detail()).containsIgnoringCase(detailPart);
                });
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
