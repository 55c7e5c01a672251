package dev.berth.distribution;

import static dev.berth.distribution.OciResponses.assertError;
import static dev.berth.distribution.OciResponses.header;
import static dev.berth.distribution.OciResponses.json;
import static dev.berth.distribution.OciResponses.nextLink;
import static dev.berth.distribution.OciResponses.randomBytes;
import static dev.berth.distribution.OciResponses.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.berth.support.BerthHttpTest;

/**
 * {@code GET /v2/_catalog}. The server is shared, so each test makes repositories under a prefix of
 * its own and reads the catalog from {@code last=<prefix>}, where its names start in byte order.
 */
class CatalogTest extends BerthHttpTest {

    @Test
    void catalog_listsRepositoriesInByteOrder() {
        String prefix = uniquePrefix();
        List<String> created = create(prefix, "b", "a-b", "a", "a/b", "a.b", "0");

        List<String> listed = OciResponses.catalog(registry);

        assertThat(listed).isSorted();
        assertThat(listed).containsSubsequence(
                List.of(prefix + "/0", prefix + "/a", prefix + "/a-b", prefix + "/a.b", prefix + "/a/b", prefix + "/b"));
        assertThat(listed).containsAll(created);
        assertThat(listed).doesNotHaveDuplicates();
    }

    @Test
    void catalog_withNAndLast_pagesWithLink() {
        String prefix = uniquePrefix();
        create(prefix, "c", "a", "b");

        HttpResponse<byte[]> first = registry.get("/v2/_catalog?n=2&last=" + prefix);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(header(first, "Content-Type")).startsWith("application/json");
        assertThat(strings(json(first).get("repositories"))).containsExactly(prefix + "/a", prefix + "/b");
        assertThat(header(first, "Link")).isEqualTo("</v2/_catalog?n=2&last="
                + URLEncoder.encode(prefix + "/b", StandardCharsets.UTF_8) + ">; rel=\"next\"");
        HttpResponse<byte[]> second = registry.get(nextLink(first));
        assertThat(strings(json(second).get("repositories")).get(0)).isEqualTo(prefix + "/c");
    }

    @Test
    void catalog_followingLinks_visitsEveryRepositoryOnce() {
        String prefix = uniquePrefix();
        List<String> created = create(prefix, "e", "d", "c", "b", "a");

        List<String> seen = new ArrayList<>();
        String next = "/v2/_catalog?n=2&last=" + prefix;
        while (next != null && seen.size() < 5) {
            HttpResponse<byte[]> response = registry.get(next);
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> page = strings(json(response).get("repositories"));
            assertThat(page).hasSizeLessThanOrEqualTo(2);
            seen.addAll(page);
            next = nextLink(response);
        }

        assertThat(seen.subList(0, 5)).containsExactlyElementsOf(created.stream().sorted().toList());
    }

    @Test
    void catalog_nZero_answersEmptyListWithoutLink() {
        create(uniquePrefix(), "a");

        HttpResponse<byte[]> response = registry.get("/v2/_catalog?n=0");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(strings(json(response).get("repositories"))).isEmpty();
        assertThat(header(response, "Link")).isNull();
    }

    @Test
    void catalog_invalidN_answersPaginationNumberInvalid() {
        assertError(registry.get("/v2/_catalog?n=abc"), 400, "PAGINATION_NUMBER_INVALID");
        assertError(registry.get("/v2/_catalog?n=-5"), 400, "PAGINATION_NUMBER_INVALID");
    }

    @Test
    void catalog_lastBeyondEveryName_answersEmptyListWithoutLink() {
        HttpResponse<byte[]> response = registry.get("/v2/_catalog?last=zzzzzzzzzzzzzzzz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(strings(json(response).get("repositories"))).isEmpty();
        assertThat(header(response, "Link")).isNull();
    }

    private static String uniquePrefix() {
        return "catalog-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<String> create(String prefix, String... names) {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String repository = prefix + "/" + names[i];
            registry.pushBlob(repository, randomBytes(8, i));
            created.add(repository);
        }
        return created;
    }
}
