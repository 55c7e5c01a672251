package dev.berth.distribution;

import static dev.berth.distribution.OciResponses.OCI_MANIFEST;
import static dev.berth.distribution.OciResponses.assertError;
import static dev.berth.distribution.OciResponses.header;
import static dev.berth.distribution.OciResponses.json;
import static dev.berth.distribution.OciResponses.nextLink;
import static dev.berth.distribution.OciResponses.randomBytes;
import static dev.berth.distribution.OciResponses.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.TestImages;

/** {@code GET /v2/<name>/tags/list} with {@code n} and {@code last}. */
class TagListTest extends BerthHttpTest {

    /** Prefixes of each other, upper and lower case, separators: byte order is the only safe order. */
    private static final List<String> TRICKY = List.of("a_b", "0.1.20", "a", "A", "0.1.2", "a-b", "TEST0", "latest");
    private static final List<String> TRICKY_SORTED =
            List.of("0.1.2", "0.1.20", "A", "TEST0", "a", "a-b", "a_b", "latest");

    @Test
    void list_tags_areSortedInByteOrder() {
        String repository = repositoryWithTags(TRICKY);

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/tags/list");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).startsWith("application/json");
        assertThat(json(response).get("name").asString()).isEqualTo(repository);
        assertThat(strings(json(response).get("tags"))).containsExactlyElementsOf(TRICKY_SORTED);
        assertThat(header(response, "Link")).isNull();
    }

    @Test
    void list_withN_answersFirstNAndLinkToNextPage() {
        String repository = repositoryWithTags(TRICKY);

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/tags/list?n=3");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(strings(json(response).get("tags"))).containsExactly("0.1.2", "0.1.20", "A");
        assertThat(header(response, "Link"))
                .isEqualTo("</v2/" + repository + "/tags/list?n=3&last=A>; rel=\"next\"");
    }

    @Test
    void list_followingLinks_visitsEveryTagOnceInByteOrder() {
        String repository = repositoryWithTags(TRICKY);

        for (int n = 1; n <= TRICKY.size() + 1; n++) {
            List<String> seen = new ArrayList<>();
            String next = "/v2/" + repository + "/tags/list?n=" + n;
            int pages = 0;
            while (next != null) {
                HttpResponse<byte[]> response = registry.get(next);
                assertThat(response.statusCode()).isEqualTo(200);
                List<String> page = strings(json(response).get("tags"));
                assertThat(page.size()).isLessThanOrEqualTo(n);
                seen.addAll(page);
                next = nextLink(response);
                pages++;
                assertThat(pages).as("pages for n=%d", n).isLessThanOrEqualTo(TRICKY.size() + 1);
            }
            assertThat(seen).as("n=%d", n).containsExactlyElementsOf(TRICKY_SORTED);
        }
    }

    @Test
    void list_nEqualToTagCount_answersAllWithoutLink() {
        String repository = repositoryWithTags(TRICKY);

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/tags/list?n=" + TRICKY.size());

        assertThat(strings(json(response).get("tags"))).containsExactlyElementsOf(TRICKY_SORTED);
        assertThat(header(response, "Link")).isNull();
    }

    @Test
    void list_lastWithoutN_answersEveryTagAfterLastExclusive() {
        String repository = repositoryWithTags(TRICKY);

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/tags/list?last=0.1.2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(strings(json(response).get("tags"))).containsExactlyElementsOf(TRICKY_SORTED.subList(1, 8));
        assertThat(header(response, "Link")).isNull();
    }

    @Test
    void list_lastNotATag_startsAfterItsPosition() {
        String repository = repositoryWithTags(TRICKY);

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/tags/list?n=2&last=B");

        assertThat(strings(json(response).get("tags"))).containsExactly("TEST0", "a");
    }

    @Test
    void list_nZero_answersEmptyListWithoutLink() {
        String repository = repositoryWithTags(TRICKY);

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/tags/list?n=0");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("name").asString()).isEqualTo(repository);
        assertThat(strings(json(response).get("tags"))).isEmpty();
        assertThat(header(response, "Link")).isNull();
    }

    @Test
    void list_invalidN_answersPaginationNumberInvalid() {
        String repository = repositoryWithTags(List.of("v1"));

        assertError(registry.get("/v2/" + repository + "/tags/list?n=abc"), 400, "PAGINATION_NUMBER_INVALID");
        assertError(registry.get("/v2/" + repository + "/tags/list?n=-1"), 400, "PAGINATION_NUMBER_INVALID");
        assertError(registry.get("/v2/" + repository + "/tags/list?n=1.5"), 400, "PAGINATION_NUMBER_INVALID");
        assertError(registry.get("/v2/" + repository + "/tags/list?n="), 400, "PAGINATION_NUMBER_INVALID");
    }

    @Test
    void list_hugeN_isCappedAndAnswersEveryTag() {
        String repository = repositoryWithTags(TRICKY);

        for (String n : List.of("2147483647", "2147483648", String.valueOf(Long.MAX_VALUE))) {
            HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/tags/list?n=" + n);

            assertThat(response.statusCode()).as("n=%s", n).isEqualTo(200);
            assertThat(strings(json(response).get("tags"))).containsExactlyElementsOf(TRICKY_SORTED);
            assertThat(header(response, "Link")).isNull();
        }
    }

    @Test
    void list_unknownRepository_answersNameUnknown() {
        assertError(registry.get("/v2/" + uniqueRepository("tags") + "/tags/list"), 404, "NAME_UNKNOWN");
    }

    @Test
    void list_repositoryWithBlobsOnly_answersEmptyList() {
        String repository = uniqueRepository("tags");
        registry.pushBlob(repository, randomBytes(10, 1));

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/tags/list");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(strings(json(response).get("tags"))).isEmpty();
    }

    @Test
    void list_afterTagDelete_omitsDeletedTag() {
        String repository = repositoryWithTags(List.of("one", "two", "three"));

        assertThat(registry.delete("/v2/" + repository + "/manifests/two").statusCode()).isEqualTo(202);

        assertThat(strings(json(registry.get("/v2/" + repository + "/tags/list")).get("tags")))
                .containsExactly("one", "three");
    }

    private String repositoryWithTags(List<String> tags) {
        String repository = uniqueRepository("tags");
        byte[] config = randomBytes(50, 2);
        String configDigest = registry.pushBlob(repository, config);
        byte[] manifest = TestImages.ociManifest(configDigest, config.length);
        for (String tag : tags) {
            registry.putManifest(repository, tag, OCI_MANIFEST, manifest);
        }
        return repository;
    }
}
