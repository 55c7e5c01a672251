package dev.berth.distribution;

import static dev.berth.distribution.OciResponses.OCI_MANIFEST;
import static dev.berth.distribution.OciResponses.assertError;
import static dev.berth.distribution.OciResponses.randomBytes;
import static dev.berth.distribution.OciResponses.utf8;
import static dev.berth.support.RegistryClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.S3MockServer;
import dev.berth.support.TestImages;

/**
 * Input meant to hurt: huge and deeply nested values, names outside the grammar, and paths that try
 * to climb out of the data directory. Each must be refused with a 4xx, quickly, and change nothing.
 */
class HostileInputTest extends BerthHttpTest {

    private static final Duration FAST = Duration.ofSeconds(5);

    @Test
    void name_tenThousandCharacters_answersNameInvalidFast() {
        String name = "a.".repeat(4999) + "aa";
        assertThat(name).hasSize(10_000);

        long start = System.nanoTime();
        HttpResponse<byte[]> response = registry.get("/v2/" + name + "/tags/list");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertError(response, 400, "NAME_INVALID");
        assertThat(took).isLessThan(FAST);
    }

    @Test
    void name_longerThanTheGrammarAllows_answersNameInvalid() {
        String name = "a".repeat(128) + "/" + "b".repeat(127);
        assertThat(name).hasSize(256);

        assertError(registry.send("POST", "/v2/" + name + "/blobs/uploads/", null), 400, "NAME_INVALID");
        assertError(registry.get("/v2/" + "a.".repeat(999) + "a/blobs/uploads/x"), 400, "NAME_INVALID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Upper/app", "team/App", "a..b", "a___b", "-a", "a-", "a//b", "a/", ".a", "a_.b",
        "a%20b", "%41bc"})
    void name_outsideGrammar_answersNameInvalidAndCreatesNothing(String name) {
        byte[] content = randomBytes(20, 1);
        String digest = sha256(content);

        assertError(registry.send("POST", "/v2/" + name + "/blobs/uploads/?digest=" + digest, content), 400,
                "NAME_INVALID");
        assertError(registry.send("POST", "/v2/" + name + "/blobs/uploads/", null), 400, "NAME_INVALID");
        assertError(registry.send("PUT", "/v2/" + name + "/manifests/v1", utf8("{}"),
                "Content-Type", OCI_MANIFEST), 400, "NAME_INVALID");
        assertError(registry.get("/v2/" + name + "/tags/list"), 400, "NAME_INVALID");
        assertError(registry.get("/v2/" + name + "/blobs/" + digest), 400, "NAME_INVALID");
        assertThat(registry.head("/v2/" + name + "/manifests/v1").statusCode()).isEqualTo(400);

        List<String> catalog = OciResponses.catalog(registry);
        assertThat(catalog).doesNotContain(name, name.toLowerCase());
    }

    @Test
    void manifest_nestedOneHundredThousandDeep_answersManifestInvalid() {
        String repository = uniqueRepository("hostile");
        byte[] deepArray = utf8("[".repeat(100_000) + "]".repeat(100_000));
        byte[] deepObject = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"annotations\":"
                + "{\"a\":".repeat(100_000) + "\"x\"" + "}".repeat(100_000) + "}");

        long start = System.nanoTime();
        HttpResponse<byte[]> array = put(repository, "deep", deepArray);
        HttpResponse<byte[]> object = put(repository, "deep", deepObject);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertError(array, 400, "MANIFEST_INVALID");
        assertError(object, 400, "MANIFEST_INVALID");
        assertThat(took).isLessThan(FAST);
        OciResponses.assertManifestAbsent(registry, repository, "deep");
        assertThat(OciResponses.catalog(registry)).doesNotContain(repository);
    }

    @Test
    void manifest_wrongJsonTypes_answerManifestInvalid() {
        String repository = uniqueRepository("hostile");
        byte[] config = randomBytes(30, 2);
        String configDigest = registry.pushBlob(repository, config);
        String good = new String(TestImages.ociManifest(configDigest, config.length));

        for (String bad : List.of(
                good.replace("\"schemaVersion\":2", "\"schemaVersion\":\"2\""),
                good.replace("\"schemaVersion\":2", "\"schemaVersion\":2.5"),
                good.replace("\"size\":" + config.length, "\"size\":-1"),
                good.replace("\"size\":" + config.length, "\"size\":1e400"),
                good.replace("\"size\":" + config.length, "\"size\":99999999999999999999999999"),
                good.replace("\"layers\":[]", "\"layers\":{}"),
                good.replace("\"layers\":[]", "\"layers\":[null]"),
                good.replace("\"layers\":[]", "\"layers\":[],\"annotations\":{\"a\":1}"),
                good.replace("\"layers\":[]", "\"layers\":[],\"subject\":\"sha256:abc\""),
                "null", "\"string\"", "2")) {
            HttpResponse<byte[]> response = put(repository, "typed", utf8(bad));
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertError(response, 400, "MANIFEST_INVALID");
        }
        OciResponses.assertManifestAbsent(registry, repository, "typed");
    }

    @Test
    void digest_veryLong_answersDigestInvalid() {
        String repository = uniqueRepository("hostile");
        registry.pushBlob(repository, randomBytes(5, 3));

        assertError(registry.get("/v2/" + repository + "/blobs/sha256:" + "a".repeat(1000)), 400, "DIGEST_INVALID");
        assertError(registry.send("POST", "/v2/" + repository + "/blobs/uploads/?digest=sha256:" + "a".repeat(3000),
                new byte[0]), 400, "DIGEST_INVALID");
    }

    @Test
    void pagination_numberBeyondLong_answersPaginationNumberInvalid() {
        String repository = uniqueRepository("hostile");
        registry.pushBlob(repository, randomBytes(5, 4));

        assertError(registry.get("/v2/" + repository + "/tags/list?n=99999999999999999999999"), 400,
                "PAGINATION_NUMBER_INVALID");
        assertError(registry.get("/v2/_catalog?n=99999999999999999999999"), 400, "PAGINATION_NUMBER_INVALID");
    }

    @Test
    void traversal_encodedInPaths_neverReachesTheFileSystem() {
        String marker = "escape-" + UUID.randomUUID().toString().substring(0, 8);
        String repository = uniqueRepository("hostile");
        byte[] content = utf8("owned");
        String digest = sha256(content);
        String session = OciResponses.startUpload(registry, repository);
        List<Request> attempts = List.of(
                new Request("POST", "/v2/%2e%2e/%2e%2e/" + marker + "/blobs/uploads/?digest=" + digest),
                new Request("POST", "/v2/%2E%2E%2F%2E%2E%2F" + marker + "/blobs/uploads/?digest=" + digest),
                new Request("POST", "/v2/a/%2e%2e/%2e%2e/%2e%2e/" + marker + "/blobs/uploads/"),
                new Request("POST", "/v2/a%2F..%2F..%2F" + marker + "/blobs/uploads/?digest=" + digest),
                new Request("PUT", "/v2/" + repository + "/manifests/..%2F..%2F" + marker),
                new Request("PUT", "/v2/" + repository + "/manifests/%2e%2e"),
                new Request("GET", "/v2/" + repository + "/blobs/sha256:..%2F..%2F" + marker),
                new Request("PATCH", "/v2/" + repository + "/blobs/uploads/..%2F..%2F" + marker),
                new Request("PATCH", "/v2/" + repository + "/blobs/uploads/%2e%2e%2f%2e%2e%2f" + marker),
                new Request("PUT", session.substring(0, session.lastIndexOf('/') + 1) + "%2e%2e%2f" + marker
                        + "?digest=" + digest),
                new Request("POST", "/v2/" + repository + "/blobs/uploads/?mount=" + digest + "&from=..%2F..%2F"
                        + marker));

        for (Request attempt : attempts) {
            HttpResponse<byte[]> response = registry.send(attempt.method(), attempt.path(), content,
                    "Content-Type", "application/octet-stream");
            if (attempt.path().contains("mount=")) {
                assertThat(response.statusCode()).as(attempt.toString()).isEqualTo(202);
            } else {
                assertThat(response.statusCode()).as(attempt.toString()).isBetween(400, 499);
            }
        }

        assertNoEscape(marker);
        OciResponses.assertBlobAbsent(registry, repository, digest);
    }

    @Test
    void traversal_literalDotSegmentsOnTheWire_neverReachTheFileSystem() {
        String marker = "escape-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] content = utf8("owned too");
        String digest = sha256(content);

        for (String path : List.of(
                "/v2/../../" + marker + "/blobs/uploads/?digest=" + digest,
                "/v2/a/../../../" + marker + "/blobs/uploads/?digest=" + digest,
                "/v2/a/./b/blobs/uploads/?digest=" + digest,
                "/v2/a\\..\\..\\" + marker + "/blobs/uploads/?digest=" + digest,
                "/v2/a%00b/blobs/uploads/?digest=" + digest)) {
            OciResponses.RawResponse response = OciResponses.sendRaw(registry,
                    "POST " + path + " HTTP/1.1\nHost: " + registryHost() + "\nContent-Type: application/octet-stream\n"
                            + "Content-Length: " + content.length + "\nConnection: close\n", content);
            assertThat(response.status()).as(path).isBetween(400, 499);
        }

        assertNoEscape(marker);
    }

    private HttpResponse<byte[]> put(String repository, String reference, byte[] manifest) {
        return registry.send("PUT", "/v2/" + repository + "/manifests/" + reference, manifest,
                "Content-Type", OCI_MANIFEST);
    }

    /**
     * Nothing named after the marker exists in or beside the data directory, and the data
     * directory holds nothing but the store's own two folders; with blobs in S3, no key in the
     * bucket is named after it and every key of this server is under its own two prefixes.
     */
    private static void assertNoEscape(String marker) {
        if (onS3()) {
            List<String> keys = S3MockServer.shared().keys("");
            assertThat(keys).noneMatch(key -> key.contains(marker));
            assertThat(keys.stream().filter(key -> key.startsWith(s3Prefix())))
                    .allMatch(key -> key.startsWith(s3Prefix() + "/blobs/") || key.startsWith(s3Prefix() + "/uploads/"));
        }
        Path parent = DATA_DIR.toAbsolutePath().getParent();
        for (Path base : List.of(DATA_DIR, parent, parent.getParent(), Paths.get("").toAbsolutePath())) {
            assertThat(base.resolve(marker)).doesNotExist();
        }
        try (Stream<Path> files = Files.walk(DATA_DIR)) {
            assertThat(files.filter(path -> path.getFileName().toString().contains(marker)).toList()).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> top = Files.list(DATA_DIR)) {
            Set<String> names = top.map(path -> path.getFileName().toString()).collect(Collectors.toSet());
            assertThat(names).isSubsetOf("blobs", "uploads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Request(String method, String path) {
    }
}
