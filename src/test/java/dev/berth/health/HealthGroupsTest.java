package dev.berth.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;

/** The probes Kubernetes uses: liveness alone, readiness with the database and the blob store. */
class HealthGroupsTest extends BerthHttpTest {

    @Test
    void liveness_runningServer_answersUp() {
        HttpResponse<byte[]> response = registry.get("/actuator/health/liveness");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(RegistryClient.text(response)).contains("\"status\":\"UP\"");
    }

    @Test
    void readiness_runningServer_answersUpNamingDatabaseAndBlobStore() {
        HttpResponse<byte[]> response = registry.get("/actuator/health/readiness");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(RegistryClient.text(response)).contains("\"status\":\"UP\"").contains("\"db\"")
                .contains("\"blobStore\"");
    }
}
