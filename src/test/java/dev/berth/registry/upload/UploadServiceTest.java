package dev.berth.registry.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.berth.metadata.UploadRows;
import dev.berth.oci.Digest;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.UploadRangeException;
import dev.berth.registry.BlobInfo;
import dev.berth.registry.blob.BlobService;
import dev.berth.support.RegistryDomainTest;

/** Upload sessions, without HTTP: start, append chunks, complete, the monolithic upload, claims. */
class UploadServiceTest extends RegistryDomainTest {

    @Autowired
    BlobService blobs;
    @Autowired
    UploadRows sessions;

    @Test
    void complete_chunksInOrder_storesTheBlobAndLinksIt() {
        RepositoryName repository = uniqueRepository("up");
        byte[] content = bytes("first chunk, second chunk");
        UploadStatus started = uploads.start(repository);

        UploadStatus afterFirst = uploads.append(repository, started.id(), 0L, 11L, stream(bytes("first chunk,")), 12);
        BlobInfo blob = uploads.complete(repository, started.id(), sha256(content), 12L, 24L,
                stream(bytes(" second chunk")), 13);

        assertThat(afterFirst.offset()).isEqualTo(12);
        assertThat(blob).isEqualTo(new BlobInfo(sha256(content), content.length));
        assertThat(blobs.stat(repository, sha256(content)).size()).isEqualTo(content.length);
        assertThat(sessions.find(started.id().value())).isEmpty();
    }

    @Test
    void complete_wrongDigest_answersDigestInvalidAndStoresNothing() {
        RepositoryName repository = uniqueRepository("up");
        UploadStatus started = uploads.start(repository);
        Digest claimed = sha256(bytes("something else"));

        assertThatThrownBy(() -> uploads.complete(repository, started.id(), claimed, null, null,
                stream(bytes("the real bytes")), -1))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(OciErrorCode.DIGEST_INVALID));
        assertThatThrownBy(() -> blobs.stat(repository, claimed)).isInstanceOf(OciException.class);
        assertThat(sessions.find(started.id().value())).isEmpty();
    }

    @Test
    void append_rangeNotAtTheOffset_answers416AndKeepsTheSession() {
        RepositoryName repository = uniqueRepository("up");
        UploadStatus started = uploads.start(repository);
        uploads.append(repository, started.id(), 0L, 3L, stream(bytes("abcd")), 4);

        assertThatThrownBy(() -> uploads.append(repository, started.id(), 10L, 13L, stream(bytes("efgh")), 4))
                .isInstanceOfSatisfying(UploadRangeException.class, e -> assertThat(e.currentOffset()).isEqualTo(4));
        assertThat(uploads.status(repository, started.id()).offset()).isEqualTo(4);
    }

    @Test
    void append_sessionClaimedByAnotherWriter_answers416UntilTheClaimExpires() throws InterruptedException {
        RepositoryName repository = uniqueRepository("up");
        UploadStatus started = uploads.start(repository);
        Instant now = Instant.now();
        // A writer on another replica that died mid-chunk: its claim runs out by itself.
        assertThat(sessions.claim(started.id().value(), 0, "dead-writer", now, now.plus(Duration.ofMillis(300))))
                .isEqualTo(1);

        assertThatThrownBy(() -> uploads.append(repository, started.id(), 0L, 3L, stream(bytes("abcd")), 4))
                .isInstanceOfSatisfying(UploadRangeException.class, e -> assertThat(e.getMessage()).contains("another"));
        assertThat(uploads.status(repository, started.id()).offset()).isZero();
        Thread.sleep(400);
        UploadStatus resumed = uploads.append(repository, started.id(), 0L, 3L, stream(bytes("abcd")), 4);

        assertThat(resumed.offset()).isEqualTo(4);
        assertThat(sessions.find(started.id().value()).orElseThrow().claimedUntil()).isNull();
    }

    @Test
    void upload_monolithic_storesAndLinksInOneCall() {
        RepositoryName repository = uniqueRepository("up");
        byte[] content = bytes("a whole layer in one request");

        BlobInfo blob = uploads.upload(repository, sha256(content), stream(content), content.length);

        assertThat(blob.size()).isEqualTo(content.length);
        assertThat(blobs.stat(repository, sha256(content)).digest()).isEqualTo(sha256(content));
    }

    @Test
    void upload_declaredLengthDiffers_answersSizeInvalidAndStoresNothing() {
        RepositoryName repository = uniqueRepository("up");
        byte[] content = bytes("twelve bytes");

        assertThatThrownBy(() -> uploads.upload(repository, sha256(content), stream(content), 99))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.code()).isEqualTo(OciErrorCode.SIZE_INVALID));
        assertThatThrownBy(() -> blobs.stat(repository, sha256(content))).isInstanceOf(OciException.class);
    }
}
