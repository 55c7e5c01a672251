package dev.berth.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;
import dev.berth.support.TestImages;

/**
 * Tag and catalog pages come in byte order on PostgreSQL too, where the default collation would
 * sort {@code A} with {@code a} and lose or repeat names across {@code last}. Runs against the
 * server {@code BERTH_TEST_POSTGRES_URL} names ({@code .ci/run} starts one); skipped without it
 * outside CI, failed without it in CI.
 */
class PostgresListingOrderTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    @TempDir
    static Path dataDir;

    private static String url;

    @BeforeAll
    static void requirePostgres() {
        url = System.getenv("BERTH_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            String message = "BERTH_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " (CI=true: .ci/run should have started one)");
            }
            throw new TestAbortedException(message);
        }
    }

    @Test
    void tagsAndCatalog_pagedOneByOne_comeOnceEachInByteOrder() throws Exception {
        List<String> tags = List.of("0.1.2", "0.1.20", "A", "B", "a", "a-b", "a_b", "b");
        String prefix = "pg" + UUID.randomUUID().toString().substring(0, 8);
        List<String> repositories = List.of(prefix + "/a", prefix + "/a-b", prefix + "/a.b", prefix + "/a_b",
                prefix + "/ab");
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir, "spring.datasource.url=" + url)) {
            RegistryClient client = berth.client();
            for (String repository : repositories) {
                byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
                String configDigest = client.pushBlob(repository, config);
                byte[] manifest = TestImages.ociManifest(configDigest, config.length);
                for (String tag : tags) {
                    client.putManifest(repository, tag, "application/vnd.oci.image.manifest.v1+json", manifest);
                }
            }

            assertThat(walk(client, "/v2/" + repositories.get(0) + "/tags/list?n=1", "tags"))
                    .containsExactlyElementsOf(sortedBytewise(tags));
            List<String> catalog = walk(client, "/v2/_catalog?n=2&last=" + prefix, "repositories");
            assertThat(catalog.stream().filter(name -> name.startsWith(prefix + "/")).toList())
                    .containsExactlyElementsOf(sortedBytewise(repositories));
        }
    }

    /** Follows {@code Link: rel="next"} from {@code first}, collecting the names of every page. */
    private static List<String> walk(RegistryClient client, String first, String field) {
        List<String> names = new ArrayList<>();
        String next = first;
        for (int page = 0; next != null && page < 100; page++) {
            HttpResponse<byte[]> response = client.get(next);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = JsonMapper.builder().build().readTree(response.body());
            body.get(field).forEach(name -> names.add(name.asString()));
            next = response.headers().firstValue("Link").map(link -> {
                Matcher matcher = NEXT.matcher(link);
                return matcher.find() ? matcher.group(1) : null;
            }).orElse(null);
        }
        return names;
    }

    private static List<String> sortedBytewise(List<String> names) {
        return names.stream().sorted().toList();
    }
}
