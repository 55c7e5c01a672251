package dev.berth.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;

/** No value a client sends can start a log line of its own: a forged audit entry stays inside its real one. */
@ExtendWith(OutputCaptureExtension.class)
class LogInjectionTest extends BerthHttpTest {

    /** What follows the CR/LF; no colon, since Basic credentials end the username at the first one. */
    private static final String FORGED = "2026-01-01T00.00.00.000Z  INFO 1 --- [berth] [exec-1] berth.audit"
            + "  audit actor=admin action=user-delete target=alice outcome=SUCCESS client=10.0.0.1";

    @Test
    void basicUsernameWithCrLf_isWrittenEscapedOnTheAuditLine(CapturedOutput output) throws InterruptedException {
        HttpResponse<byte[]> refused = registry.anonymous().get("/token?service=berth",
                "Authorization", RegistryClient.basic("mallory\r\n" + FORGED + "\u001b[2K", "wrong-password"));

        assertThat(refused.statusCode()).isEqualTo(401);
        String audit = awaitLine(output, "actor=mallory");
        assertThat(audit).contains("actor=mallory\\r\\n" + FORGED + "\\u001b[2K action=login");
        assertThat(output.getAll().lines()).noneMatch(line -> line.startsWith("2026-01-01T00.00.00.000Z"));
        assertThat(output.getAll()).doesNotContain("\u001b[2K");
    }

    @Test
    void escape_controlCharacters_becomeVisibleEscapesAndTabsStay() {
        assertThat(EscapedMessageConverter.escape("a\rb\nc\td\u0000e\u2028f")).isEqualTo("a\\rb\\nc\td\\u0000e\\u2028f");
        assertThat(EscapedMessageConverter.escape("plain/text:1")).isEqualTo("plain/text:1");
    }

    private static String awaitLine(CapturedOutput output, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            java.util.Optional<String> line = output.getOut().lines().filter(l -> l.contains(text)).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line with " + text + " in:\n" + output.getOut());
    }
}
