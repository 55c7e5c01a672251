package dev.berth.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.berth.support.BerthHttpTest;

/** Every answer carries an X-Request-Id: the client's when it is sane, a fresh one otherwise. */
class RequestIdTest extends BerthHttpTest {

    @Test
    void request_withSaneId_echoesIt() {
        HttpResponse<byte[]> response = registry.get("/v2/", "X-Request-Id", "build-42.step_7-abc");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("build-42.step_7-abc");
    }

    @Test
    void request_withoutId_getsAGeneratedOne() {
        HttpResponse<byte[]> response = registry.get("/v2/" + uniqueRepository("request-id") + "/tags/list");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying(id ->
                assertThat(id).matches("[0-9a-f]{32}"));
    }

    @Test
    void request_withInsaneId_getsAGeneratedOneInstead() {
        String tooLong = "a".repeat(65);

        HttpResponse<byte[]> longId = registry.get("/v2/", "X-Request-Id", tooLong);
        HttpResponse<byte[]> oddChars = registry.get("/v2/", "X-Request-Id", "id with spaces;drop");

        assertThat(longId.headers().firstValue("X-Request-Id")).hasValueSatisfying(id ->
                assertThat(id).isNotEqualTo(tooLong).matches("[0-9a-f]{32}"));
        assertThat(oddChars.headers().firstValue("X-Request-Id")).hasValueSatisfying(id ->
                assertThat(id).matches("[0-9a-f]{32}"));
    }
}
