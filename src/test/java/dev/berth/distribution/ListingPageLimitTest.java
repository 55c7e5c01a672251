package dev.berth.distribution;

import static dev.berth.distribution.OciResponses.OCI_INDEX;
import static dev.berth.distribution.OciResponses.OCI_MANIFEST;
import static dev.berth.distribution.OciResponses.header;
import static dev.berth.distribution.OciResponses.json;
import static dev.berth.distribution.OciResponses.nextLink;
import static dev.berth.distribution.OciResponses.randomBytes;
import static dev.berth.distribution.OciResponses.strings;
import static dev.berth.support.RegistryClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.TestImages;

/**
 * Paging when a listing is longer than {@code berth.distribution.max-page-size}: lowered here to 3
 * so a few items make several pages (a second server, sharing the first one's database).
 */
@TestPropertySource(properties = "berth.distribution.max-page-size=3")
class ListingPageLimitTest extends BerthHttpTest {

    private static final String TYPE_A = ReferrersTest.TYPE_A;
    private static final String TYPE_B = ReferrersTest.TYPE_B;

    @Test
    void referrers_moreThanOnePage_areReachedThroughLinkOnceEach() {
        String repository = uniqueRepository("paging");
        String subject = pushSubject(repository);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(pushReferrer(repository, subject, i % 2 == 0 ? TYPE_A : TYPE_B, i));
        }

        HttpResponse<byte[]> first = registry.get("/v2/" + repository + "/referrers/" + subject);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(header(first, "Content-Type")).isEqualTo(OCI_INDEX);
        List<String> firstPage = digests(json(first).get("manifests"));
        assertThat(firstPage).hasSize(3);
        assertThat(header(first, "Link")).isEqualTo("</v2/" + repository + "/referrers/" + subject + "?n=3&last="
                + URLEncoder.encode(firstPage.get(2), StandardCharsets.UTF_8) + ">; rel=\"next\"");
        HttpResponse<byte[]> second = registry.get(nextLink(first));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(header(second, "Content-Type")).isEqualTo(OCI_INDEX);
        assertThat(header(second, "Link")).isNull();
        List<String> all = new ArrayList<>(firstPage);
        all.addAll(digests(json(second).get("manifests")));
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void referrers_filteredAcrossPages_keepFilterInLink() {
        String repository = uniqueRepository("paging");
        String subject = pushSubject(repository);
        List<String> typeA = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String digest = pushReferrer(repository, subject, i < 5 ? TYPE_A : TYPE_B, i);
            if (i < 5) {
                typeA.add(digest);
            }
        }

        List<String> seen = new ArrayList<>();
        String next = "/v2/" + repository + "/referrers/" + subject + "?artifactType=" + TYPE_A;
        int pages = 0;
        while (next != null) {
            HttpResponse<byte[]> response = registry.get(next);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(header(response, "OCI-Filters-Applied")).isEqualTo("artifactType");
            JsonNode manifests = json(response).get("manifests");
            manifests.forEach(descriptor -> assertThat(descriptor.get("artifactType").asString()).isEqualTo(TYPE_A));
            seen.addAll(digests(manifests));
            next = nextLink(response);
            if (next != null) {
                assertThat(next).contains("artifactType=" + URLEncoder.encode(TYPE_A, StandardCharsets.UTF_8));
            }
            pages++;
            assertThat(pages).isLessThanOrEqualTo(3);
        }

        assertThat(pages).isEqualTo(2);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(typeA);
    }

    @Test
    void tags_withoutN_areCappedToMaxPageSizeWithLink() {
        String repository = repositoryWithTags("e", "d", "c", "b", "a");

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/tags/list");

        assertThat(strings(json(response).get("tags"))).containsExactly("a", "b", "c");
        assertThat(header(response, "Link")).isEqualTo("</v2/" + repository + "/tags/list?n=3&last=c>; rel=\"next\"");
        HttpResponse<byte[]> rest = registry.get(nextLink(response));
        assertThat(strings(json(rest).get("tags"))).containsExactly("d", "e");
        assertThat(header(rest, "Link")).isNull();
    }

    @Test
    void tags_hugeN_isLoweredToMaxPageSize() {
        String repository = repositoryWithTags("e", "d", "c", "b", "a");

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/tags/list?n=" + Long.MAX_VALUE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(strings(json(response).get("tags"))).containsExactly("a", "b", "c");
        assertThat(header(response, "Link")).isEqualTo("</v2/" + repository + "/tags/list?n=3&last=c>; rel=\"next\"");
    }

    @Test
    void catalog_hugeN_isLoweredToMaxPageSize() {
        String prefix = "paging-" + UUID.randomUUID().toString().substring(0, 8);
        for (String name : List.of("a", "b", "c", "d")) {
            registry.pushBlob(prefix + "/" + name, randomBytes(4, name.hashCode()));
        }

        HttpResponse<byte[]> response = registry.get("/v2/_catalog?n=1000000&last=" + prefix);

        assertThat(strings(json(response).get("repositories"))).containsExactly(prefix + "/a", prefix + "/b",
                prefix + "/c");
        assertThat(nextLink(response)).isEqualTo("/v2/_catalog?n=3&last="
                + URLEncoder.encode(prefix + "/c", StandardCharsets.UTF_8));
    }

    private String repositoryWithTags(String... tags) {
        String repository = uniqueRepository("paging");
        byte[] config = randomBytes(20, 1);
        byte[] manifest = TestImages.ociManifest(registry.pushBlob(repository, config), config.length);
        for (String tag : tags) {
            registry.putManifest(repository, tag, OCI_MANIFEST, manifest);
        }
        return repository;
    }

    private String pushSubject(String repository) {
        byte[] config = randomBytes(20, 2);
        byte[] manifest = TestImages.ociManifest(registry.pushBlob(repository, config), config.length);
        return registry.putManifest(repository, "subject", OCI_MANIFEST, manifest);
    }

    private String pushReferrer(String repository, String subject, String type, int number) {
        registry.pushBlob(repository, ReferrersTest.EMPTY_JSON);
        byte[] manifest = OciResponses.utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST
                + "\",\"artifactType\":\"" + type + "\",\"config\":" + ReferrersTest.emptyDescriptor()
                + ",\"layers\":[" + ReferrersTest.emptyDescriptor() + "],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST
                + "\",\"digest\":\"" + subject + "\",\"size\":1},\"annotations\":{\"n\":\"" + number + "\"}}");
        registry.putManifest(repository, sha256(manifest), OCI_MANIFEST, manifest);
        return sha256(manifest);
    }

    private static List<String> digests(JsonNode manifests) {
        List<String> digests = new ArrayList<>();
        manifests.forEach(descriptor -> digests.add(descriptor.get("digest").asString()));
        return digests;
    }
}
