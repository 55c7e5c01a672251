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

        String line = output.getOut().lines().filter(l -> l.contains("dev.berth.requests") && l.contains("log-test-1"))
                .findFirst().orElseThrow(() -> new AssertionError("no request line in:\n" + output.getOut()));
        assertThat(line).contains("GET /v2/{name}/tags/list /v2/" + repository + "/tags/list?n=5")
                .contains("password=[redacted]").contains("access_token=[redacted]").contains(" 401 ")
                .containsPattern(" ms=\\d+");
        assertThat(output.getAll()).doesNotContain("hunter2").doesNotContain("s3cr3t")
                .doesNotContain("c2VjcmV0LXVzZXI6c2VjcmV0LXBhc3N3b3Jk");
    }
}
