package dev.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * A 1 GiB layer proxied through the cache with the upstream and the cache both in one JVM of
 * 256 MiB heap (failsafe's {@code -Xmx256m}): the first client gets its first bytes long before
 * the blob is whole, and the digest of what it got is the layer's.
 */
class ProxyLargeBlobIT {

    private static final long SIZE = Long.getLong("berth.test.large-blob-bytes", 1L << 30);

    @TempDir
    Path temp;

    @Test
    void oneGibLayer_proxiesWhileItStreams_withSmallHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("heap limit").isLessThanOrEqualTo(256L << 20);
        try (StandaloneBerth upstream = StandaloneBerth.start(temp.resolve("upstream"));
             StandaloneBerth cache = StandaloneBerth.start(temp.resolve("cache"),
                     "berth.proxy.upstreams[0].name=up",
                     "berth.proxy.upstreams[0].url=http://127.0.0.1:" + upstream.port(),
                     "berth.proxy.upstreams[0].username=admin",
                     "berth.proxy.upstreams[0].password=" + BerthHttpTest.ADMIN_PASSWORD)) {
            HttpClient http = HttpClient.newHttpClient();
            String digest = digestOf(new PatternStream(SIZE));
            RegistryClient origin = upstream.client();
            HttpResponse<Void> pushed = http.send(origin.request("/v2/team/big/blobs/uploads/?digest=" + digest)
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new PatternStream(SIZE)), SIZE))
                    .header("Content-Type", "application/octet-stream").build(), HttpResponse.BodyHandlers.discarding());
            assertThat(pushed.statusCode()).isEqualTo(201);

            RegistryClient client = cache.client();
            long started = System.nanoTime();
            HttpResponse<InputStream> pull = http.send(client.request("/v2/up/team/big/blobs/" + digest).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(pull.statusCode()).isEqualTo(200);
            assertThat(pull.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
            InputStream body = pull.body();
            int first = body.read();
            long firstByte = System.nanoTime() - started;
            MessageDigest hash = MessageDigest.getInstance("SHA-256");
            hash.update((byte) first);
            long received = 1 + drain(body, hash);
            long total = System.nanoTime() - started;

            assertThat(received).isEqualTo(SIZE);
            assertThat("sha256:" + HexFormat.of().formatHex(hash.digest())).isEqualTo(digest);
            assertThat(firstByte).as("first byte after %d ms of %d ms", firstByte / 1_000_000, total / 1_000_000)
                    .isLessThan(total / 4);

            // Cached now: the same bytes again, from the cache's own store.
            HttpResponse<InputStream> again = http.send(client.request("/v2/up/team/big/blobs/" + digest).GET()
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest second = MessageDigest.getInstance("SHA-256");
            assertThat(drain(again.body(), second)).isEqualTo(SIZE);
            assertThat("sha256:" + HexFormat.of().formatHex(second.digest())).isEqualTo(digest);
        }
    }

    private static String digestOf(InputStream in) throws Exception {
        MessageDigest hash = MessageDigest.getInstance("SHA-256");
        drain(in, hash);
        return "sha256:" + HexFormat.of().formatHex(hash.digest());
    }

    private static long drain(InputStream in, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (in) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                digest.update(buffer, 0, n);
                total += n;
            }
        }
        return total;
    }

    /** Deterministic bytes generated on the fly, never held whole. */
    private static final class PatternStream extends InputStream {
        private long remaining;
        private long state = 0x2545F4914F6CDD1DL;

        PatternStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                b[off + i] = (byte) state;
            }
            remaining -= n;
            return n;
        }
    }
}
