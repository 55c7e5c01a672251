package dev.berth.distribution;

import static dev.berth.distribution.OciResponses.randomBytes;
import static dev.berth.distribution.OciResponses.startUpload;
import static dev.berth.distribution.OciResponses.withQuery;
import static dev.berth.support.RegistryClient.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.berth.support.BerthHttpTest;

/**
 * Two {@code PATCH}es racing for the same offset of one session (a client retrying a chunk whose
 * first attempt is still streaming). One wins; the loser must get 416 and leave the winner's bytes
 * alone, or the blob committed under the winner's digest holds other bytes.
 */
class ConcurrentChunkTest extends BerthHttpTest {

    @Test
    void patch_racingChunksAtSameOffset_neverCorruptTheCommittedBlob() throws Exception {
        String repository = uniqueRepository("race");
        String location = startUpload(registry, repository);
        byte[] slow = randomBytes(512 * 1024, 1);
        byte[] fast = randomBytes(512 * 1024, 2);
        CountDownLatch firstHalfSent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpClient http = HttpClient.newHttpClient();

        CompletableFuture<HttpResponse<byte[]>> slowPatch = http.sendAsync(registry.request(location).timeout(Duration.ofMinutes(1))
                .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(
                        () -> new PausingStream(slow, 64 * 1024, firstHalfSent, release)))
                .header("Content-Range", "0-" + (slow.length - 1))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(firstHalfSent.await(30, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(500);
        HttpResponse<byte[]> fastPatch = registry.send("PATCH", location, fast,
                "Content-Range", "0-" + (fast.length - 1));
        release.countDown();
        HttpResponse<byte[]> slowResponse = slowPatch.get(60, TimeUnit.SECONDS);

        int[] statuses = {fastPatch.statusCode(), slowResponse.statusCode()};
        Arrays.sort(statuses);
        assertThat(statuses).containsExactly(202, 416);
        HttpResponse<byte[]> loser = fastPatch.statusCode() == 416 ? fastPatch : slowResponse;
        OciResponses.assertError(loser, 416, "RANGE_INVALID");
        assertThat(OciResponses.header(loser, "Range")).isEqualTo("0-0");
        byte[] winner = fastPatch.statusCode() == 202 ? fast : slow;
        HttpResponse<byte[]> put = registry.send("PUT", withQuery(location, "digest", sha256(winner)), null);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(registry.get("/v2/" + repository + "/blobs/" + sha256(winner)).body()).isEqualTo(winner);
    }

    /** Serves {@code pauseAt} bytes, signals, waits to be released, then serves the rest. */
    private static final class PausingStream extends InputStream {
        private final byte[] content;
        private final int pauseAt;
        private final CountDownLatch paused;
        private final CountDownLatch release;
        private int position;

        PausingStream(byte[] content, int pauseAt, CountDownLatch paused, CountDownLatch release) {
            this.content = content;
            this.pauseAt = pauseAt;
            this.paused = paused;
            this.release = release;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= content.length) {
                return -1;
            }
            if (position == pauseAt) {
                paused.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UncheckedIOException(new IOException(e));
                }
            }
            int limit = position < pauseAt ? pauseAt : content.length;
            int n = Math.min(length, limit - position);
            System.arraycopy(content, position, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
