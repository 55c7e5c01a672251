package dev.berth.distribution;

import static dev.berth.distribution.OciResponses.CONTENT_DIGEST;
import static dev.berth.distribution.OciResponses.assertBlobAbsent;
import static dev.berth.distribution.OciResponses.assertError;
import static dev.berth.distribution.OciResponses.header;
import static dev.berth.distribution.OciResponses.randomBytes;
import static dev.berth.distribution.OciResponses.sendStreamed;
import static dev.berth.distribution.OciResponses.sha512;
import static dev.berth.distribution.OciResponses.startUpload;
import static dev.berth.distribution.OciResponses.withQuery;
import static dev.berth.support.RegistryClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.berth.support.BerthHttpTest;

/**
 * Chunked and streamed uploads: {@code PATCH} with and without {@code Content-Range}, the closing
 * {@code PUT} with or without the last chunk, out-of-order chunks (416) and the status {@code GET}.
 */
class ChunkedUploadTest extends BerthHttpTest {

    private static final String OCTET_STREAM = "application/octet-stream";

    @Test
    void patch_firstChunk_answersAcceptedWithWholeUploadRange() {
        String repository = uniqueRepository("chunks");
        String location = startUpload(registry, repository);

        HttpResponse<byte[]> response = registry.send("PATCH", location, randomBytes(22, 1),
                "Content-Type", OCTET_STREAM, "Content-Range", "0-21");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(header(response, "Range")).isEqualTo("0-21");
        assertThat(header(response, "Location")).isEqualTo(location);
        assertThat(header(response, "Docker-Upload-UUID")).isEqualTo(location.substring(location.lastIndexOf('/') + 1));
        assertThat(header(response, "Content-Length")).isEqualTo("0");
    }

    @Test
    void patchChunks_thenPutWithoutBody_createsBlobOfAllChunks() {
        String repository = uniqueRepository("chunks");
        byte[] content = randomBytes(3067, 2);
        String digest = sha256(content);
        String location = startUpload(registry, repository);

        patch(location, content, 0, 1024, "0-1023");
        patch(location, content, 1024, 2048, "0-2047");
        patch(location, content, 2048, 3067, "0-3066");
        HttpResponse<byte[]> response = registry.send("PUT", withQuery(location, "digest", digest), null,
                "Content-Type", OCTET_STREAM);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, "Location")).isEqualTo("/v2/" + repository + "/blobs/" + digest);
        assertThat(header(response, CONTENT_DIGEST)).isEqualTo(digest);
        HttpResponse<byte[]> pulled = registry.get(header(response, "Location"));
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(pulled.body()).isEqualTo(content);
    }

    @Test
    void put_withLastChunkAndContentRange_createsBlob() {
        String repository = uniqueRepository("chunks");
        byte[] content = randomBytes(3067, 3);
        String digest = sha256(content);
        String location = startUpload(registry, repository);
        patch(location, content, 0, 2048, "0-2047");

        HttpResponse<byte[]> response = registry.send("PUT", withQuery(location, "digest", digest),
                Arrays.copyOfRange(content, 2048, 3067), "Content-Type", OCTET_STREAM, "Content-Range", "2048-3066");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(registry.get("/v2/" + repository + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void put_withLastChunkWithoutContentRange_createsBlob() {
        String repository = uniqueRepository("chunks");
        byte[] content = randomBytes(2000, 4);
        String digest = sha256(content);
        String location = startUpload(registry, repository);
        patch(location, content, 0, 1000, "0-999");

        HttpResponse<byte[]> response = registry.send("PUT", withQuery(location, "digest", digest),
                Arrays.copyOfRange(content, 1000, 2000), "Content-Type", OCTET_STREAM);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(registry.get("/v2/" + repository + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void patch_streamedWithoutContentRange_thenEmptyPut_createsBlob() {
        String repository = uniqueRepository("chunks");
        byte[] content = randomBytes(100_000, 5);
        String digest = sha256(content);
        String location = startUpload(registry, repository);

        HttpResponse<byte[]> patched = sendStreamed(registry, "PATCH", location, content,
                "Content-Type", OCTET_STREAM);

        assertThat(patched.statusCode()).isEqualTo(202);
        assertThat(header(patched, "Range")).isEqualTo("0-99999");
        assertThat(header(patched, "Location")).isEqualTo(location);
        HttpResponse<byte[]> put = registry.send("PUT", withQuery(header(patched, "Location"), "digest", digest), null);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(header(put, "Location")).isEqualTo("/v2/" + repository + "/blobs/" + digest);
        assertThat(registry.get(header(put, "Location")).body()).isEqualTo(content);
    }

    @Test
    void patch_twoStreamedChunksWithoutContentRange_appendInOrder() {
        String repository = uniqueRepository("chunks");
        byte[] content = randomBytes(5000, 6);
        String digest = sha256(content);
        String location = startUpload(registry, repository);

        sendStreamed(registry, "PATCH", location, Arrays.copyOfRange(content, 0, 1234));
        HttpResponse<byte[]> second = sendStreamed(registry, "PATCH", location, Arrays.copyOfRange(content, 1234, 5000));

        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(header(second, "Range")).isEqualTo("0-4999");
        assertThat(sendStreamed(registry, "PUT", withQuery(location, "digest", digest), new byte[0]).statusCode())
                .isEqualTo(201);
        assertThat(registry.get("/v2/" + repository + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void patch_chunkSkippingAhead_answersRangeNotSatisfiableAndKeepsSession() {
        String repository = uniqueRepository("chunks");
        byte[] content = randomBytes(3067, 7);
        String location = startUpload(registry, repository);
        patch(location, content, 0, 1024, "0-1023");

        HttpResponse<byte[]> response = registry.send("PATCH", location, Arrays.copyOfRange(content, 2048, 3067),
                "Content-Type", OCTET_STREAM, "Content-Range", "2048-3066");

        assertError(response, 416, "RANGE_INVALID");
        assertThat(header(response, "Range")).isEqualTo("0-1023");
        assertSessionAt(location, "0-1023");
        patch(location, content, 1024, 3067, "0-3066");
        assertThat(registry.send("PUT", withQuery(location, "digest", sha256(content)), null).statusCode())
                .isEqualTo(201);
        assertThat(registry.get("/v2/" + repository + "/blobs/" + sha256(content)).body()).isEqualTo(content);
    }

    @Test
    void patch_chunkResentFromStart_answersRangeNotSatisfiableAndKeepsBytes() {
        String repository = uniqueRepository("chunks");
        byte[] content = randomBytes(2048, 8);
        String location = startUpload(registry, repository);
        patch(location, content, 0, 1024, "0-1023");

        HttpResponse<byte[]> response = registry.send("PATCH", location, randomBytes(1024, 9),
                "Content-Type", OCTET_STREAM, "Content-Range", "0-1023");

        assertError(response, 416, "RANGE_INVALID");
        assertThat(header(response, "Range")).isEqualTo("0-1023");
        patch(location, content, 1024, 2048, "0-2047");
        assertThat(registry.send("PUT", withQuery(location, "digest", sha256(content)), null).statusCode())
                .isEqualTo(201);
        assertThat(registry.get("/v2/" + repository + "/blobs/" + sha256(content)).body()).isEqualTo(content);
    }

    @Test
    void put_lastChunkOutOfOrder_answersRangeNotSatisfiableAndKeepsSession() {
        String repository = uniqueRepository("chunks");
        byte[] content = randomBytes(2048, 10);
        String digest = sha256(content);
        String location = startUpload(registry, repository);
        patch(location, content, 0, 1024, "0-1023");

        HttpResponse<byte[]> response = registry.send("PUT", withQuery(location, "digest", digest),
                Arrays.copyOfRange(content, 1500, 2048), "Content-Range", "1500-2047");

        assertError(response, 416, "RANGE_INVALID");
        assertThat(header(response, "Range")).isEqualTo("0-1023");
        assertBlobAbsent(registry, repository, digest);
        assertSessionAt(location, "0-1023");
        HttpResponse<byte[]> put = registry.send("PUT", withQuery(location, "digest", digest),
                Arrays.copyOfRange(content, 1024, 2048), "Content-Range", "1024-2047");
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(registry.get("/v2/" + repository + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void patch_firstChunkNotAtZero_answersRangeNotSatisfiableWithEmptyRange() {
        String repository = uniqueRepository("chunks");
        String location = startUpload(registry, repository);

        HttpResponse<byte[]> response = registry.send("PATCH", location, randomBytes(10, 11),
                "Content-Range", "10-19");

        assertError(response, 416, "RANGE_INVALID");
        assertThat(header(response, "Range")).isEqualTo("0-0");
        assertSessionAt(location, "0-0");
    }

    @Test
    void patch_contentRangeLongerThanBody_answersSizeInvalidAndKeepsOffset() {
        String repository = uniqueRepository("chunks");
        byte[] content = randomBytes(44, 12);
        String location = startUpload(registry, repository);
        patch(location, content, 0, 22, "0-21");

        HttpResponse<byte[]> response = registry.send("PATCH", location, Arrays.copyOfRange(content, 22, 44),
                "Content-Range", "22-99");

        assertError(response, 400, "SIZE_INVALID");
        assertSessionAt(location, "0-21");
        patch(location, content, 22, 44, "0-43");
        assertThat(registry.send("PUT", withQuery(location, "digest", sha256(content)), null).statusCode())
                .isEqualTo(201);
        assertThat(registry.get("/v2/" + repository + "/blobs/" + sha256(content)).body()).isEqualTo(content);
    }

    @Test
    void patch_malformedContentRange_answersUploadInvalidAndKeepsOffset() {
        String repository = uniqueRepository("chunks");
        String location = startUpload(registry, repository);

        assertError(registry.send("PATCH", location, randomBytes(5, 13), "Content-Range", "abc"), 400,
                "BLOB_UPLOAD_INVALID");
        assertError(registry.send("PATCH", location, randomBytes(5, 14), "Content-Range", "5-1"), 400,
                "BLOB_UPLOAD_INVALID");
        assertError(registry.send("PATCH", location, randomBytes(5, 15), "Content-Range",
                "0-99999999999999999999999"), 400, "BLOB_UPLOAD_INVALID");

        assertSessionAt(location, "0-0");
    }

    @Test
    void get_freshSession_answersNoContentWithRangeZero() {
        String repository = uniqueRepository("chunks");
        String location = startUpload(registry, repository);

        HttpResponse<byte[]> response = registry.get(location);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(header(response, "Range")).isEqualTo("0-0");
        assertThat(header(response, "Location")).isEqualTo(location);
        assertThat(header(response, "Docker-Upload-UUID")).isEqualTo(location.substring(location.lastIndexOf('/') + 1));
    }

    @Test
    void get_sessionWithDigestQuery_ignoresItAndAnswersStatus() {
        String repository = uniqueRepository("chunks");
        byte[] content = randomBytes(22, 16);
        String location = startUpload(registry, repository);
        patch(location, content, 0, 22, "0-21");

        HttpResponse<byte[]> response = registry.get(withQuery(location, "digest", sha256(content)));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(header(response, "Range")).isEqualTo("0-21");
        assertBlobAbsent(registry, repository, sha256(content));
    }

    @Test
    void put_digestMismatchAfterChunks_answersDigestInvalidAndStoresNothing() {
        String repository = uniqueRepository("chunks");
        byte[] content = randomBytes(2048, 17);
        String claimed = sha256(randomBytes(2048, 18));
        String location = startUpload(registry, repository);
        patch(location, content, 0, 2048, "0-2047");

        assertError(registry.send("PUT", withQuery(location, "digest", claimed), null), 400, "DIGEST_INVALID");

        assertBlobAbsent(registry, repository, claimed);
        assertBlobAbsent(registry, repository, sha256(content));
    }

    @Test
    void put_streamedDigestMismatch_answersDigestInvalidAndStoresNothing() {
        String repository = uniqueRepository("chunks");
        byte[] content = randomBytes(3000, 19);
        String claimed = sha256(randomBytes(3000, 20));
        String location = startUpload(registry, repository);
        sendStreamed(registry, "PATCH", location, content);

        assertError(sendStreamed(registry, "PUT", withQuery(location, "digest", claimed), new byte[0]), 400,
                "DIGEST_INVALID");

        assertBlobAbsent(registry, repository, claimed);
        assertBlobAbsent(registry, repository, sha256(content));
    }

    @Test
    void chunkedUpload_sha512Digest_createsBlobUnderSha512() {
        String repository = uniqueRepository("chunks");
        byte[] content = randomBytes(3067, 21);
        String digest = sha512(content);
        String location = startUpload(registry, repository);
        patch(location, content, 0, 1024, "0-1023");
        patch(location, content, 1024, 2048, "0-2047");

        HttpResponse<byte[]> response = registry.send("PUT", withQuery(location, "digest", digest),
                Arrays.copyOfRange(content, 2048, 3067), "Content-Range", "2048-3066");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(header(response, CONTENT_DIGEST)).isEqualTo(digest);
        assertThat(header(response, "Location")).isEqualTo("/v2/" + repository + "/blobs/" + digest);
        HttpResponse<byte[]> head = registry.head("/v2/" + repository + "/blobs/" + digest);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "Content-Length")).isEqualTo("3067");
        assertThat(header(head, CONTENT_DIGEST)).isEqualTo(digest);
        assertThat(registry.get("/v2/" + repository + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void streamedUpload_sha512Digest_createsBlob() {
        String repository = uniqueRepository("chunks");
        byte[] content = randomBytes(70_000, 22);
        String digest = sha512(content);
        String location = startUpload(registry, repository);
        sendStreamed(registry, "PATCH", location, content);

        HttpResponse<byte[]> response = registry.send("PUT", withQuery(location, "digest", digest), null);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(registry.get("/v2/" + repository + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void put_sha512MismatchAfterChunks_answersDigestInvalidAndStoresNothing() {
        String repository = uniqueRepository("chunks");
        byte[] content = randomBytes(1000, 23);
        String claimed = sha512(randomBytes(1000, 24));
        String location = startUpload(registry, repository);
        patch(location, content, 0, 1000, "0-999");

        assertError(registry.send("PUT", withQuery(location, "digest", claimed), null), 400, "DIGEST_INVALID");

        assertBlobAbsent(registry, repository, claimed);
        assertBlobAbsent(registry, repository, sha512(content));
    }

    private void patch(String location, byte[] content, int from, int to, String expectedRange) {
        HttpResponse<byte[]> response = registry.send("PATCH", location, Arrays.copyOfRange(content, from, to),
                "Content-Type", OCTET_STREAM, "Content-Range", from + "-" + (to - 1));
        assertThat(response.statusCode()).as("PATCH %d-%d", from, to - 1).isEqualTo(202);
        assertThat(header(response, "Range")).isEqualTo(expectedRange);
        assertThat(header(response, "Location")).isEqualTo(location);
    }

    private void assertSessionAt(String location, String range) {
        HttpResponse<byte[]> status = registry.get(location);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(header(status, "Range")).isEqualTo(range);
        assertThat(header(status, "Location")).isEqualTo(location);
    }
}
