package dev.berth.distribution;

import static dev.berth.distribution.OciResponses.API_VERSION;
import static dev.berth.distribution.OciResponses.CONTENT_DIGEST;
import static dev.berth.distribution.OciResponses.assertBlobAbsent;
import static dev.berth.distribution.OciResponses.assertError;
import static dev.berth.distribution.OciResponses.header;
import static dev.berth.distribution.OciResponses.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.berth.support.BerthHttpTest;

/** {@code HEAD}, {@code GET} (with ranges) and {@code DELETE /v2/<name>/blobs/<digest>}. */
class BlobEndpointTest extends BerthHttpTest {

    private static final String UNKNOWN_DIGEST =
            "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    @Test
    void head_pushedBlob_answersLengthDigestAndEtagWithoutBody() {
        String repository = uniqueRepository("blobs");
        byte[] content = randomBytes(1234, 1);
        String digest = registry.pushBlob(repository, content);

        HttpResponse<byte[]> response = registry.head("/v2/" + repository + "/blobs/" + digest);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Length")).isEqualTo("1234");
        assertThat(header(response, CONTENT_DIGEST)).isEqualTo(digest);
        assertThat(header(response, "ETag")).isEqualTo("\"" + digest + "\"");
        assertThat(header(response, API_VERSION)).isEqualTo("registry/2.0");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void get_pushedBlob_servesExactBytesWithHeaders() {
        String repository = uniqueRepository("blobs");
        byte[] content = randomBytes(4321, 2);
        String digest = registry.pushBlob(repository, content);

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/blobs/" + digest);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
        assertThat(header(response, "Content-Length")).isEqualTo("4321");
        if (!blobRedirects()) { // else the store answered; its headers are its own
            assertThat(header(response, CONTENT_DIGEST)).isEqualTo(digest);
            assertThat(header(response, "ETag")).isEqualTo("\"" + digest + "\"");
        }
    }

    @Test
    void get_storeRedirects_answers307ToTheStoreWithDigest_headStillAnswers() {
        assumeTrue(blobRedirects(), "only when blobs are in S3 with berth.storage.s3.redirect=true");
        String repository = uniqueRepository("blobs");
        byte[] content = randomBytes(777, 12);
        String digest = registry.pushBlob(repository, content);

        HttpResponse<byte[]> redirect = registry.notFollowingRedirects().get("/v2/" + repository + "/blobs/" + digest);
        HttpResponse<byte[]> head = registry.head("/v2/" + repository + "/blobs/" + digest);

        assertThat(redirect.statusCode()).isEqualTo(307);
        assertThat(header(redirect, CONTENT_DIGEST)).isEqualTo(digest);
        assertThat(header(redirect, "Location")).startsWith("http://127.0.0.1:").contains("X-Amz-Signature=");
        assertThat(registry.get(header(redirect, "Location")).body()).isEqualTo(content);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "Content-Length")).isEqualTo("777");
        assertThat(header(head, CONTENT_DIGEST)).isEqualTo(digest);
    }

    @Test
    void get_storeRedirects_unlinkedBlobIsNotRedirected() {
        assumeTrue(blobRedirects(), "only when blobs are in S3 with berth.storage.s3.redirect=true");
        String digest = registry.pushBlob(uniqueRepository("blobs"), randomBytes(99, 13));

        assertError(registry.notFollowingRedirects().get("/v2/" + uniqueRepository("other") + "/blobs/" + digest),
                404, "BLOB_UNKNOWN");
    }

    @Test
    void get_largeBlob_servesExactBytesInSeveralWrites() {
        String repository = uniqueRepository("blobs");
        byte[] content = randomBytes(5 * 1024 * 1024, 3);
        String digest = registry.pushBlob(repository, content);

        HttpResponse<byte[]> full = registry.get("/v2/" + repository + "/blobs/" + digest);
        HttpResponse<byte[]> range = registry.get("/v2/" + repository + "/blobs/" + digest,
                "Range", "bytes=100000-249999");

        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(header(full, "Content-Length")).isEqualTo(String.valueOf(content.length));
        assertThat(full.body()).isEqualTo(content);
        if (!blobRedirects()) { // else the store answered; its headers are its own
            // A large body commits the response before its first byte: the security headers are still on it.
            assertThat(header(full, "X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(header(range, "X-Content-Type-Options")).isEqualTo("nosniff");
        }
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(header(range, "Content-Range")).isEqualTo("bytes 100000-249999/" + content.length);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 100000, 250000));
    }

    @Test
    void headAndGet_emptyBlob_answerContentLengthZero() {
        String repository = uniqueRepository("blobs");
        String digest = registry.pushBlob(repository, new byte[0]);

        HttpResponse<byte[]> head = registry.head("/v2/" + repository + "/blobs/" + digest);
        HttpResponse<byte[]> get = registry.get("/v2/" + repository + "/blobs/" + digest);

        assertThat(digest).isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "Content-Length")).isEqualTo("0");
        assertThat(header(head, CONTENT_DIGEST)).isEqualTo(digest);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(header(get, "Content-Length")).isEqualTo("0");
        if (!blobRedirects()) {
            assertThat(header(get, CONTENT_DIGEST)).isEqualTo(digest);
        }
        assertThat(get.body()).isEmpty();
    }

    @Test
    void get_ifNoneMatchEtag_answersNotModified() {
        String repository = uniqueRepository("blobs");
        String digest = registry.pushBlob(repository, randomBytes(100, 4));

        HttpResponse<byte[]> response = registry.get("/v2/" + repository + "/blobs/" + digest,
                "If-None-Match", "\"" + digest + "\"");

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(header(response, "ETag")).isEqualTo("\"" + digest + "\"");
    }

    @Test
    void get_closedRange_answersPartialContent() {
        Blob blob = pushRangeBlob();

        assertRange(blob, "bytes=500-1499", 500, 1499);
    }

    @Test
    void get_openEndedRange_answersToTheEnd() {
        Blob blob = pushRangeBlob();

        assertRange(blob, "bytes=500-", 500, 2047);
    }

    @Test
    void get_suffixRange_answersLastBytes() {
        Blob blob = pushRangeBlob();

        assertRange(blob, "bytes=-500", 1548, 2047);
    }

    @Test
    void get_rangeEndBeyondSize_isClampedToLastByte() {
        Blob blob = pushRangeBlob();

        assertRange(blob, "bytes=2000-5000", 2000, 2047);
    }

    @Test
    void get_rangeStartBeyondSize_answersRangeNotSatisfiable() {
        Blob blob = pushRangeBlob();

        HttpResponse<byte[]> response = registry.get(blob.path(), "Range", "bytes=5000-10000");

        assertThat(response.statusCode()).isEqualTo(416);
        if (!blobRedirects()) {
            assertThat(header(response, "Content-Range")).isEqualTo("bytes */2048");
            assertThat(header(response, API_VERSION)).isEqualTo("registry/2.0");
        }
    }

    @Test
    void get_rangeEndBeforeStart_answersRangeNotSatisfiable() {
        // S3 itself answers such a range with the whole object, S3Mock with 400: Berth's rule only.
        assumeFalse(blobRedirects(), "with redirects the store answers ranges");
        Blob blob = pushRangeBlob();

        HttpResponse<byte[]> response = registry.get(blob.path(), "Range", "bytes=500-0");

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(header(response, "Content-Range")).isEqualTo("bytes */2048");
    }

    @Test
    void get_unknownDigest_answersBlobUnknown() {
        String repository = uniqueRepository("blobs");
        registry.pushBlob(repository, randomBytes(10, 5));

        assertThat(registry.head("/v2/" + repository + "/blobs/" + UNKNOWN_DIGEST).statusCode()).isEqualTo(404);
        assertError(registry.get("/v2/" + repository + "/blobs/" + UNKNOWN_DIGEST), 404, "BLOB_UNKNOWN");
    }

    @Test
    void get_unknownRepository_answersBlobUnknown() {
        assertError(registry.get("/v2/" + uniqueRepository("blobs") + "/blobs/" + UNKNOWN_DIGEST), 404,
                "BLOB_UNKNOWN");
    }

    @Test
    void get_malformedDigest_answersDigestInvalid() {
        String repository = uniqueRepository("blobs");

        assertError(registry.get("/v2/" + repository + "/blobs/sha256:xyz"), 400, "DIGEST_INVALID");
        assertError(registry.get("/v2/" + repository + "/blobs/md5:d41d8cd98f00b204e9800998ecf8427e"), 400,
                "DIGEST_INVALID");
        assertError(registry.get("/v2/" + repository + "/blobs/nocolon"), 400, "DIGEST_INVALID");
    }

    @Test
    void get_blobOfAnotherRepository_answersBlobUnknown() {
        String owner = uniqueRepository("blobs");
        String other = uniqueRepository("blobs");
        registry.pushBlob(other, randomBytes(10, 6));
        String digest = registry.pushBlob(owner, randomBytes(77, 7));

        assertBlobAbsent(registry, other, digest);
        assertThat(registry.head("/v2/" + owner + "/blobs/" + digest).statusCode()).isEqualTo(200);
    }

    @Test
    void delete_linkedBlob_unlinksFromThatRepositoryOnly() {
        String first = uniqueRepository("blobs");
        String second = uniqueRepository("blobs");
        byte[] content = randomBytes(999, 8);
        String digest = registry.pushBlob(first, content);
        registry.pushBlob(second, content);

        HttpResponse<byte[]> response = registry.delete("/v2/" + first + "/blobs/" + digest);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(header(response, API_VERSION)).isEqualTo("registry/2.0");
        assertBlobAbsent(registry, first, digest);
        HttpResponse<byte[]> kept = registry.get("/v2/" + second + "/blobs/" + digest);
        assertThat(kept.statusCode()).isEqualTo(200);
        assertThat(kept.body()).isEqualTo(content);
    }

    @Test
    void delete_twice_answersBlobUnknownTheSecondTime() {
        String repository = uniqueRepository("blobs");
        String digest = registry.pushBlob(repository, randomBytes(50, 9));
        assertThat(registry.delete("/v2/" + repository + "/blobs/" + digest).statusCode()).isEqualTo(202);

        assertError(registry.delete("/v2/" + repository + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
    }

    @Test
    void delete_unknownRepository_answersBlobUnknown() {
        String repository = uniqueRepository("blobs");

        assertError(registry.delete("/v2/" + repository + "/blobs/" + UNKNOWN_DIGEST), 404, "BLOB_UNKNOWN");
        assertThat(OciResponses.catalog(registry)).doesNotContain(repository);
    }

    @Test
    void delete_thenPushAgain_makesBlobReadableAgain() {
        String repository = uniqueRepository("blobs");
        byte[] content = randomBytes(321, 10);
        String digest = registry.pushBlob(repository, content);
        registry.delete("/v2/" + repository + "/blobs/" + digest);

        registry.pushBlob(repository, content);

        assertThat(registry.get("/v2/" + repository + "/blobs/" + digest).body()).isEqualTo(content);
    }

    private Blob pushRangeBlob() {
        String repository = uniqueRepository("ranges");
        byte[] content = randomBytes(2048, 11);
        String digest = registry.pushBlob(repository, content);
        return new Blob("/v2/" + repository + "/blobs/" + digest, digest, content);
    }

    private void assertRange(Blob blob, String range, int start, int end) {
        HttpResponse<byte[]> response = registry.get(blob.path(), "Range", range);

        assertThat(response.statusCode()).as(range).isEqualTo(206);
        assertThat(header(response, "Content-Range")).isEqualTo("bytes " + start + "-" + end + "/2048");
        assertThat(header(response, "Content-Length")).isEqualTo(String.valueOf(end - start + 1));
        if (!blobRedirects()) {
            assertThat(header(response, CONTENT_DIGEST)).isEqualTo(blob.digest());
        }
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(blob.content(), start, end + 1));
    }

    private record Blob(String path, String digest, byte[] content) {
    }
}
