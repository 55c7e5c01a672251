package dev.berth.gc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.auth.Users;
import dev.berth.support.BerthHttpTest;

/**
 * Garbage collection on demand through the admin API, on the shared test server: with the default
 * grace periods nothing the other tests pushed (all younger than an hour) is collectable.
 */
class GcApiTest extends BerthHttpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Users users;

    @Test
    void post_asAdmin_collectsAndReportsAndCounts() {
        String repository = "gc-api/" + UUID.randomUUID().toString().substring(0, 8);
        String digest = registry.pushBlob(repository, "young blob".getBytes(StandardCharsets.UTF_8));

        HttpResponse<byte[]> dryRun = registry.send("POST", "/api/v1/gc?dryRun=true", null);
        HttpResponse<byte[]> real = registry.send("POST", "/api/v1/gc", null);

        assertThat(dryRun.statusCode()).isEqualTo(200);
        assertThat(json(dryRun).path("dryRun").asBoolean()).isTrue();
        assertThat(real.statusCode()).isEqualTo(200);
        JsonNode report = json(real);
        assertThat(report.path("dryRun").asBoolean()).isFalse();
        assertThat(report.path("trigger").asString()).isEqualTo("api");
        assertThat(report.has("bytesFreed")).isTrue();
        JsonNode runs = json(registry.get("/api/v1/gc/runs?limit=2"));
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).path("dryRun").asBoolean()).isFalse();
        assertThat(runs.get(1).path("dryRun").asBoolean()).isTrue();
        assertThat(new String(registry.get("/actuator/prometheus").body(), StandardCharsets.UTF_8))
                .contains("berth_gc_runs_total{dry_run=\"false\"}");
        // Unreferenced, but younger than berth.gc.blob-grace: a push may still be on its way.
        assertThat(registry.get("/v2/" + repository + "/blobs/" + digest).statusCode()).isEqualTo(200);
    }

    @Test
    void post_withoutAdminRights_isRefusedAndRunsNothing() {
        String username = "u" + UUID.randomUUID().toString().substring(0, 8);
        users.create(username, "password-" + username, false);
        int runsBefore = json(registry.get("/api/v1/gc/runs?limit=100")).size();

        HttpResponse<byte[]> user = registry.withBasic(username, "password-" + username)
                .send("POST", "/api/v1/gc", null);
        HttpResponse<byte[]> anonymous = registry.anonymous().send("POST", "/api/v1/gc", null);

        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(user.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(registry.get("/api/v1/gc/runs?limit=100")).size()).isEqualTo(runsBefore);
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        return JSON.readTree(response.body());
    }
}
