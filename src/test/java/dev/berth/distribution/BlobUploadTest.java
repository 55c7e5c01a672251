package dev.berth.distribution;

import static dev.berth.distribution.OciResponses.API_VERSION;
import static dev.berth.distribution.OciResponses.CONTENT_DIGEST;
import static dev.berth.distribution.OciResponses.assertBlobAbsent;
import static dev.berth.distribution.OciResponses.assertError;
import static dev.berth.distribution.OciResponses.header;
import static dev.berth.distribution.OciResponses.randomBytes;
import static dev.berth.distribution.OciResponses.sha512;
import static dev.berth.distribution.OciResponses.startUpload;
import static dev.berth.distribution.OciResponses.withQuery;
import static dev.berth.support.RegistryClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.berth.support.BerthHttpTest;

/**
 * Blob pushes in one or two requests ({@code POST ?digest=}, {@code POST} then {@code PUT}), session
 * lifecycle, and every way a push can be refused without storing anything.
 */
class BlobUploadTest extends BerthHttpTest {

    private static final String OCTET_STREAM = "application/octet-stream";

    @Test
    void post_withDigestAndBody_createsBlobAtExactLocation() {
        String repository = uniqueRepository("uploads");
        byte[] content = randomBytes(5000, 1);
        String digest = sha256(content);

        HttpResponse<byte[]> response = registry.send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest,
                content, "Content-Type", OCTET_STREAM);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, "Location")).isEqualTo("/v2/" + repository + "/blobs/" + digest);
        assertThat(header(response, CONTENT_DIGEST)).isEqualTo(digest);
        assertThat(header(response, API_VERSION)).isEqualTo("registry/2.0");
        HttpResponse<byte[]> pulled = registry.get(header(response, "Location"));
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(pulled.body()).isEqualTo(content);
    }

    @Test
    void post_withDigestAndStreamedBody_createsBlob() {
        String repository = uniqueRepository("uploads");
        byte[] content = randomBytes(70_000, 23);
        String digest = sha256(content);

        HttpResponse<byte[]> response = OciResponses.sendStreamed(registry, "POST",
                "/v2/" + repository + "/blobs/uploads/?digest=" + digest, content, "Content-Type", OCTET_STREAM);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, "Location")).isEqualTo("/v2/" + repository + "/blobs/" + digest);
        assertThat(registry.get("/v2/" + repository + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void post_withFormContentType_keepsBodyAsBlob() {
        String repository = uniqueRepository("uploads");
        byte[] content = OciResponses.utf8("a=b&c=d");
        String digest = sha256(content);

        HttpResponse<byte[]> response = registry.send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest,
                content, "Content-Type", "application/x-www-form-urlencoded");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(registry.get("/v2/" + repository + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void post_withoutDigest_opensSessionAtOffsetZero() {
        String repository = uniqueRepository("uploads");

        HttpResponse<byte[]> response = registry.send("POST", "/v2/" + repository + "/blobs/uploads/", null);

        assertThat(response.statusCode()).isEqualTo(202);
        String location = header(response, "Location");
        String uuid = header(response, "Docker-Upload-UUID");
        assertThat(uuid).isNotBlank();
        assertThat(location).isEqualTo("/v2/" + repository + "/blobs/uploads/" + uuid);
        assertThat(header(response, "Range")).isEqualTo("0-0");
        assertThat(header(response, "Content-Length")).isEqualTo("0");
        assertThat(header(response, API_VERSION)).isEqualTo("registry/2.0");
    }

    @Test
    void post_withoutTrailingSlash_opensSession() {
        String repository = uniqueRepository("uploads");

        HttpResponse<byte[]> response = registry.send("POST", "/v2/" + repository + "/blobs/uploads", null);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(header(response, "Location")).startsWith("/v2/" + repository + "/blobs/uploads/");
    }

    @Test
    void put_wholeBlobIntoSession_createsBlob() {
        String repository = uniqueRepository("uploads");
        byte[] content = randomBytes(3000, 2);
        String digest = sha256(content);
        String location = startUpload(registry, repository);

        HttpResponse<byte[]> response = registry.send("PUT", withQuery(location, "digest", digest), content,
                "Content-Type", OCTET_STREAM);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, "Location")).isEqualTo("/v2/" + repository + "/blobs/" + digest);
        assertThat(header(response, CONTENT_DIGEST)).isEqualTo(digest);
        assertThat(registry.get(header(response, "Location")).body()).isEqualTo(content);
    }

    @Test
    void put_emptyBlobIntoSession_createsEmptyBlob() {
        String repository = uniqueRepository("uploads");
        String digest = sha256(new byte[0]);
        String location = startUpload(registry, repository);

        HttpResponse<byte[]> response = registry.send("PUT", withQuery(location, "digest", digest), null);

        assertThat(response.statusCode()).isEqualTo(201);
        HttpResponse<byte[]> head = registry.head("/v2/" + repository + "/blobs/" + digest);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "Content-Length")).isEqualTo("0");
    }

    @Test
    void put_finishedSessionAgain_answersUploadUnknown() {
        String repository = uniqueRepository("uploads");
        byte[] content = randomBytes(10, 3);
        String location = startUpload(registry, repository);
        assertThat(registry.send("PUT", withQuery(location, "digest", sha256(content)), content).statusCode())
                .isEqualTo(201);

        assertError(registry.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(registry.send("PUT", withQuery(location, "digest", sha256(content)), content), 404,
                "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void pushSameBlobTwice_answersCreatedBothTimes() {
        String repository = uniqueRepository("uploads");
        byte[] content = randomBytes(64, 4);

        registry.pushBlob(repository, content);
        registry.pushBlob(repository, content);

        assertThat(registry.get("/v2/" + repository + "/blobs/" + sha256(content)).body()).isEqualTo(content);
    }

    @Test
    void post_sha512Digest_storesAndServesUnderSha512() {
        String repository = uniqueRepository("uploads");
        byte[] content = randomBytes(2500, 5);
        String digest = sha512(content);

        HttpResponse<byte[]> response = registry.send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest,
                content, "Content-Type", OCTET_STREAM);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, "Location")).isEqualTo("/v2/" + repository + "/blobs/" + digest);
        assertThat(header(response, CONTENT_DIGEST)).isEqualTo(digest);
        HttpResponse<byte[]> head = registry.head("/v2/" + repository + "/blobs/" + digest);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, CONTENT_DIGEST)).isEqualTo(digest);
        assertThat(header(head, "Content-Length")).isEqualTo("2500");
        assertThat(registry.get("/v2/" + repository + "/blobs/" + digest).body()).isEqualTo(content);
        assertBlobAbsent(registry, repository, sha256(content));
    }

    @Test
    void put_sha512DigestIntoSession_createsBlob() {
        String repository = uniqueRepository("uploads");
        byte[] content = randomBytes(4000, 6);
        String digest = sha512(content);
        String location = startUpload(registry, repository);

        HttpResponse<byte[]> response = registry.send("PUT", withQuery(location, "digest", digest), content,
                "Content-Type", OCTET_STREAM);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, CONTENT_DIGEST)).isEqualTo(digest);
        assertThat(registry.get(header(response, "Location")).body()).isEqualTo(content);
    }

    @Test
    void post_digestMismatch_answersDigestInvalidAndStoresNothing() {
        String repository = uniqueRepository("uploads");
        byte[] content = randomBytes(700, 7);
        String claimed = sha256(randomBytes(700, 8));

        HttpResponse<byte[]> response = registry.send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + claimed,
                content, "Content-Type", OCTET_STREAM);

        assertError(response, 400, "DIGEST_INVALID");
        assertThat(header(response, "Location")).isNull();
        assertBlobAbsent(registry, repository, claimed);
        assertBlobAbsent(registry, repository, sha256(content));
        assertThat(OciResponses.catalog(registry)).doesNotContain(repository);
    }

    @Test
    void put_digestMismatchInSession_answersDigestInvalidAndStoresNothing() {
        String repository = uniqueRepository("uploads");
        byte[] content = randomBytes(700, 9);
        String claimed = sha256(randomBytes(700, 10));
        String location = startUpload(registry, repository);

        HttpResponse<byte[]> response = registry.send("PUT", withQuery(location, "digest", claimed), content,
                "Content-Type", OCTET_STREAM);

        assertError(response, 400, "DIGEST_INVALID");
        assertBlobAbsent(registry, repository, claimed);
        assertBlobAbsent(registry, repository, sha256(content));
    }

    @Test
    void put_sha512MismatchInSession_answersDigestInvalidAndStoresNothing() {
        String repository = uniqueRepository("uploads");
        byte[] content = randomBytes(700, 11);
        String claimed = sha512(randomBytes(700, 12));
        String location = startUpload(registry, repository);

        HttpResponse<byte[]> response = registry.send("PUT", withQuery(location, "digest", claimed), content);

        assertError(response, 400, "DIGEST_INVALID");
        assertBlobAbsent(registry, repository, claimed);
        assertBlobAbsent(registry, repository, sha512(content));
        assertBlobAbsent(registry, repository, sha256(content));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:xyz", "md5:d41d8cd98f00b204e9800998ecf8427e", "nocolon",
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "sha256:", ":abc",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85"})
    void post_malformedDigest_answersDigestInvalidAndCreatesNothing(String digest) {
        String repository = uniqueRepository("uploads");

        HttpResponse<byte[]> response = registry.send("POST", "/v2/" + repository + "/blobs/uploads/?digest="
                + digest, new byte[0], "Content-Type", OCTET_STREAM);

        assertError(response, 400, "DIGEST_INVALID");
        assertThat(OciResponses.catalog(registry)).doesNotContain(repository);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:xyz", "md5:d41d8cd98f00b204e9800998ecf8427e", "nocolon"})
    void put_malformedDigest_answersDigestInvalidAndKeepsSession(String digest) {
        String repository = uniqueRepository("uploads");
        String location = startUpload(registry, repository);
        byte[] content = randomBytes(30, 13);

        assertError(registry.send("PUT", withQuery(location, "digest", digest), content), 400, "DIGEST_INVALID");

        HttpResponse<byte[]> status = registry.get(location);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(header(status, "Range")).isEqualTo("0-0");
        assertThat(registry.send("PUT", withQuery(location, "digest", sha256(content)), content).statusCode())
                .isEqualTo(201);
    }

    @Test
    void put_withoutDigest_answersDigestInvalid() {
        String repository = uniqueRepository("uploads");
        String location = startUpload(registry, repository);

        assertError(registry.send("PUT", location, randomBytes(10, 14)), 400, "DIGEST_INVALID");
    }

    @Test
    void delete_session_answersNoContentThenSessionIsUnknown() {
        String repository = uniqueRepository("uploads");
        String location = startUpload(registry, repository);
        byte[] chunk = randomBytes(22, 15);
        assertThat(registry.send("PATCH", location, chunk, "Content-Range", "0-21").statusCode()).isEqualTo(202);

        HttpResponse<byte[]> response = registry.delete(location);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(header(response, API_VERSION)).isEqualTo("registry/2.0");
        assertError(registry.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(registry.send("PATCH", location, chunk), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(registry.send("PUT", withQuery(location, "digest", sha256(chunk)), null), 404,
                "BLOB_UPLOAD_UNKNOWN");
        assertError(registry.delete(location), 404, "BLOB_UPLOAD_UNKNOWN");
        assertBlobAbsent(registry, repository, sha256(chunk));
    }

    @Test
    void unknownSession_answersUploadUnknownOnEveryMethod() {
        String repository = uniqueRepository("uploads");
        registry.pushBlob(repository, randomBytes(5, 16));
        String location = "/v2/" + repository + "/blobs/uploads/" + UUID.randomUUID();
        byte[] content = randomBytes(5, 17);

        assertError(registry.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(registry.send("PATCH", location, content), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(registry.send("PUT", withQuery(location, "digest", sha256(content)), content), 404,
                "BLOB_UPLOAD_UNKNOWN");
        assertError(registry.delete(location), 404, "BLOB_UPLOAD_UNKNOWN");
        assertBlobAbsent(registry, repository, sha256(content));
    }

    @Test
    void malformedSessionId_answersUploadUnknown() {
        String repository = uniqueRepository("uploads");

        assertError(registry.get("/v2/" + repository + "/blobs/uploads/not-a-session"), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(registry.send("PATCH", "/v2/" + repository + "/blobs/uploads/" + "a".repeat(200),
                new byte[1]), 404, "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void session_usedUnderAnotherRepository_answersUploadUnknownAndSurvives() {
        String owner = uniqueRepository("uploads");
        String intruder = uniqueRepository("uploads");
        String location = startUpload(registry, owner);
        String uuid = location.substring(location.lastIndexOf('/') + 1);
        String foreign = "/v2/" + intruder + "/blobs/uploads/" + uuid;
        byte[] content = randomBytes(40, 18);

        assertError(registry.get(foreign), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(registry.send("PATCH", foreign, content), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(registry.send("PUT", withQuery(foreign, "digest", sha256(content)), content), 404,
                "BLOB_UPLOAD_UNKNOWN");
        assertError(registry.delete(foreign), 404, "BLOB_UPLOAD_UNKNOWN");

        assertBlobAbsent(registry, intruder, sha256(content));
        assertThat(OciResponses.catalog(registry)).doesNotContain(intruder);
        HttpResponse<byte[]> status = registry.get(location);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(header(status, "Range")).isEqualTo("0-0");
        assertThat(registry.send("PUT", withQuery(location, "digest", sha256(content)), content).statusCode())
                .isEqualTo(201);
    }

    @Test
    void post_contentLengthLargerThanBody_answersBadRequestAndStoresNothing() {
        String repository = uniqueRepository("uploads");
        byte[] content = randomBytes(100, 19);
        String digest = sha256(content);

        OciResponses.RawResponse response = OciResponses.sendRaw(registry,
                "POST /v2/" + repository + "/blobs/uploads/?digest=" + digest + " HTTP/1.1\n"
                        + "Host: " + registryHost() + "\n"
                        + "Content-Type: application/octet-stream\n"
                        + "Content-Length: 150\n"
                        + "Connection: close\n", content);

        assertThat(response.status()).as(response.head()).isEqualTo(400);
        assertThat(response.header(API_VERSION)).isEqualTo("registry/2.0");
        assertThat(response.body()).contains("\"code\":\"SIZE_INVALID\"");
        assertBlobAbsent(registry, repository, digest);
    }

    @Test
    void post_contentLengthSmallerThanBody_answersBadRequestAndStoresNothing() {
        String repository = uniqueRepository("uploads");
        byte[] content = randomBytes(100, 20);
        String digest = sha256(content);

        OciResponses.RawResponse response = OciResponses.sendRaw(registry,
                "POST /v2/" + repository + "/blobs/uploads/?digest=" + digest + " HTTP/1.1\n"
                        + "Host: " + registryHost() + "\n"
                        + "Content-Type: application/octet-stream\n"
                        + "Content-Length: 60\n"
                        + "Connection: close\n", content);

        assertThat(response.status()).as(response.head()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"DIGEST_INVALID\"");
        assertBlobAbsent(registry, repository, digest);
        assertBlobAbsent(registry, repository, sha256(java.util.Arrays.copyOf(content, 60)));
    }

    @Test
    void patch_contentLengthLargerThanBody_answersBadRequestAndKeepsOffset() {
        String repository = uniqueRepository("uploads");
        String location = startUpload(registry, repository);
        byte[] first = randomBytes(22, 21);
        assertThat(registry.send("PATCH", location, first, "Content-Range", "0-21").statusCode()).isEqualTo(202);

        OciResponses.RawResponse response = OciResponses.sendRaw(registry,
                "PATCH " + location + " HTTP/1.1\n"
                        + "Host: " + registryHost() + "\n"
                        + "Content-Type: application/octet-stream\n"
                        + "Content-Length: 50\n"
                        + "Connection: close\n", randomBytes(10, 22));

        assertThat(response.status()).as(response.head()).isEqualTo(400);
        assertThat(response.header(API_VERSION)).isEqualTo("registry/2.0");
        assertThat(response.body()).contains("\"code\":\"SIZE_INVALID\"");
        HttpResponse<byte[]> status = registry.get(location);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(header(status, "Range")).isEqualTo("0-21");
        assertThat(registry.send("PUT", withQuery(location, "digest", sha256(first)), null).statusCode())
                .isEqualTo(201);
        assertThat(registry.get("/v2/" + repository + "/blobs/" + sha256(first)).body()).isEqualTo(first);
    }
}
