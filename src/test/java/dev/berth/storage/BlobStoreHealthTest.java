package dev.berth.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.berth.support.BerthHttpTest;

/** The blob store takes part in readiness: a replica that cannot reach its bytes gets no traffic. */
class BlobStoreHealthTest extends BerthHttpTest {

    @Test
    void readiness_includesBlobStore_up() {
        HttpResponse<byte[]> response = registry.get("/actuator/health/readiness");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("\"status\":\"UP\"");
    }

    @Test
    void health_reportsBlobStore() {
        HttpResponse<byte[]> response = registry.get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("\"status\":\"UP\"");
    }
}
