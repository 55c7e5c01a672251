package dev.berth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;
import dev.berth.support.TestImages;

/** What the admin API tests share: JSON requests, users made through the API, problem checks. */
abstract class AdminApiTestSupport extends BerthHttpTest {

    static final String PASSWORD = "correct-horse-battery";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static HttpResponse<byte[]> json(RegistryClient client, String method, String path, String body) {
        return client.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
    }

    static JsonNode body(HttpResponse<byte[]> response) {
        return JSON.readTree(response.body());
    }

    /** Creates a user as admin and returns a client logged in as them (Basic). */
    RegistryClient createUser(String username) {
        HttpResponse<byte[]> created = json(registry, "POST", "/api/v1/users",
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(created.statusCode()).as(RegistryClient.text(created)).isEqualTo(201);
        return registry.withBasic(username, PASSWORD);
    }

    /** Creates a namespace as {@code owner}. */
    void createNamespace(RegistryClient owner, String name) {
        HttpResponse<byte[]> created = json(owner, "POST", "/api/v1/namespaces", "{\"name\":\"" + name + "\"}");
        assertThat(created.statusCode()).as(RegistryClient.text(created)).isEqualTo(201);
    }

    void addMember(RegistryClient owner, String namespace, String username, String role) {
        HttpResponse<byte[]> set = json(owner, "PUT", "/api/v1/namespaces/" + namespace + "/members/" + username,
                "{\"role\":\"" + role + "\"}");
        assertThat(set.statusCode()).as(RegistryClient.text(set)).isEqualTo(200);
    }

    /** Creates an access token for {@code username} as {@code creator}; returns the response body. */
    JsonNode createToken(RegistryClient creator, String username, String extraJson) {
        HttpResponse<byte[]> created = json(creator, "POST", "/api/v1/users/" + username + "/tokens",
                "{\"description\":\"ci\"" + (extraJson == null ? "" : "," + extraJson) + "}");
        assertThat(created.statusCode()).as(RegistryClient.text(created)).isEqualTo(201);
        return body(created);
    }

    /** Pushes a one-layer image to {@code repository:tag} as admin. */
    void pushImage(String repository, String tag) {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(repository, config);
        String layerDigest = registry.pushBlob(repository, layer);
        registry.putManifest(repository, tag, "application/vnd.oci.image.manifest.v1+json",
                TestImages.ociManifest(configDigest, config.length, layerDigest, Integer.toString(layer.length)));
    }

    /** Checks an RFC 9457 problem: status, media type, and that it says something. */
    static JsonNode assertProblem(HttpResponse<byte[]> response, int status) {
        assertThat(response.statusCode()).as(RegistryClient.text(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = body(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }

    /** Checks a 400 problem naming {@code field} among its errors. */
    static void assertFieldError(HttpResponse<byte[]> response, String field) {
        JsonNode problem = assertProblem(response, 400);
        assertThat(problem.get("errors")).isNotNull();
        assertThat(problem.get("errors").valueStream().map(error -> error.get("field").asString()))
                .contains(field);
        problem.get("errors").forEach(error -> assertThat(error.get("message").asString()).isNotBlank());
    }
}
