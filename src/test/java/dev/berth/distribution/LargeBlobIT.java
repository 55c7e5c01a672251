package dev.berth.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.BerthProcess;
import dev.berth.support.RegistryClient;

/**
 * Invariant 1: bytes stream. A 1 GiB layer is pushed (docker style: one PATCH without
 * Content-Range, then PUT) and pulled back through a server whose heap is 256 MiB (failsafe runs
 * this class with {@code -Xmx256m}; the test refuses to run with more), and through the packaged
 * jar started with the JVM flags Berth ships with and a 128 MiB heap.
 */
class LargeBlobIT extends BerthHttpTest {

    private static final long SIZE = Long.getLong("berth.test.large-blob-bytes", 1L << 30);

    @TempDir
    Path temp;

    @Test
    void oneGibLayer_pushAndPull_withSmallHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("heap limit").isLessThanOrEqualTo(256L << 20);
        pushAndPull("http://localhost:" + port, registry, uniqueRepository("large"));
    }

    /** The image's and spring-boot:run's flags (pom property berth.jvm.args, given by failsafe), then -Xmx128m. */
    @Test
    void oneGibLayer_pushAndPull_throughThePackagedJar_withTheShippedFlags_andA128MiBHeap() throws Exception {
        Assumptions.assumeFalse(onS3(), "the packaged jar runs on local disk: its run is the default execution's");
        String shipped = System.getProperty("berth.jvm.args", "");
        assertThat(shipped).as("failsafe passes the shipped JVM flags").isNotBlank();
        List<String> flags = new ArrayList<>(Arrays.asList(shipped.trim().split("\\s+")));
        flags.add("-Xmx128m");
        try (BerthProcess berth = BerthProcess.start(Files.createDirectories(temp.resolve("data")),
                BerthProcess.freePort(), flags, List.of())) {
            String base = "http://127.0.0.1:" + berth.port();
            pushAndPull(base, new RegistryClient(base).withBasic("admin", ADMIN_PASSWORD), "small-heap/large");
            assertThat(berth.log()).doesNotContain("OutOfMemoryError");
        }
    }

    private static void pushAndPull(String base, RegistryClient registry, String repository) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Void> session = http.send(registry.request(("/v2/" + repository
                        + "/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(session.statusCode()).isEqualTo(202);
        String location = base + session.headers().firstValue("Location").orElseThrow();

        MessageDigest pushed = MessageDigest.getInstance("SHA-256");
        HttpResponse<Void> patch = http.send(registry.request(location)
                        .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(
                                () -> new DigestInputStream(new PatternStream(SIZE), pushed)))
                        .header("Content-Type", "application/octet-stream").build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(patch.statusCode()).isEqualTo(202);
        assertThat(patch.headers().firstValue("Range")).hasValue("0-" + (SIZE - 1));
        String digest = "sha256:" + HexFormat.of().formatHex(pushed.digest());

        HttpResponse<Void> put = http.send(registry.request(location + "?digest=" + digest)
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(put.statusCode()).isEqualTo(201);

        HttpResponse<InputStream> pull = http.send(registry.request(("/v2/" + repository
                + "/blobs/" + digest)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(pull.statusCode()).isEqualTo(200);
        assertThat(pull.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
        MessageDigest pulled = MessageDigest.getInstance("SHA-256");
        long received = drain(pull.body(), pulled);

        assertThat(received).isEqualTo(SIZE);
        assertThat("sha256:" + HexFormat.of().formatHex(pulled.digest())).isEqualTo(digest);
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

    /** Deterministic, incompressible-enough bytes generated on the fly, never held whole. */
    private static final class PatternStream extends InputStream {
        private long remaining;
        private long state = 0x9E3779B97F4A7C15L;

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
