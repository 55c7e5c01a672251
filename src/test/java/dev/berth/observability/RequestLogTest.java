package dev.berth.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.berth.support.BerthHttpTest;

/** The request log line: what it says, and the secrets it never says. */
@ExtendWith(OutputCaptureExtension.class)
class RequestLogTest extends BerthHttpTest {

    @Test
    void request_withSecrets_logsOneRedactedLineWithRouteAndId(CapturedOutput output) {
        String repository = uniqueRepository("request-log");

        registry.get("/v2/" + repository + "/tags/list?n=5&password=hunter2&access_token=s3cr3t",
                // Credentials that do not exist: refused (401), and neither they nor the query secrets are logged.
                "Authorization", "Basic c2VjcmV0LXVzZXI6c2VjcmV0LXBhc3N3b3Jk", "X-Request-Id", "log-test-1");

        String line = requestLine(output, "log-test-1");
        assertThat(line).contains("GET /v2/{name}/tags/list /v2/" + repository + "/tags/list?n=5")
                .contains("password=[redacted]").contains("access_token=[redacted]").contains(" 401 ")
                .containsPattern(" ms=\\d+");
        assertThat(output.getAll()).doesNotContain("hunter2").doesNotContain("s3cr3t")
                .doesNotContain("c2VjcmV0LXVzZXI6c2VjcmV0LXBhc3N3b3Jk");
    }

    @Test
    void request_withPercentEncodedSecretName_isRedactedAsTheDecodedName(CapturedOutput output) {
        registry.get("/v2/?pass%77ord=hunter3&%74oken=abc123", "X-Request-Id", "log-test-2");

        String line = requestLine(output, "log-test-2");
        assertThat(line).contains("pass%77ord=[redacted]").contains("%74oken=[redacted]");
        assertThat(output.getAll()).doesNotContain("hunter3").doesNotContain("abc123");
    }

    /**
     * The request's log line. It is written once the response is complete, which the client may see
     * a moment before the server's thread gets there: wait for it briefly.
     */
    private static String requestLine(CapturedOutput output, String requestId) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (true) {
            java.util.Optional<String> line = output.getOut().lines()
                    .filter(l -> l.contains("dev.berth.requests") && l.contains(requestId)).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no request line in:\n" + output.getOut());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
