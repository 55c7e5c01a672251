package dev.berth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.berth.support.RegistryClient;

/** The OpenAPI document the build wrote from these controllers, as the registry serves it. */
class ApiDocumentTest extends AdminApiTestSupport {

    @Test
    void document_anonymous_listsEveryAdminPathAndNoRegistryPath() {
        HttpResponse<byte[]> document = registry.anonymous().get("/api/v1/openapi.json");

        assertThat(document.statusCode()).as(RegistryClient.text(document)).isEqualTo(200);
        assertThat(document.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode paths = body(document).get("paths");
        assertThat(paths.propertyNames()).contains("/api/v1/me", "/api/v1/users", "/api/v1/users/{username}",
                "/api/v1/namespaces", "/api/v1/namespaces/{name}", "/api/v1/namespaces/{name}/members",
                "/api/v1/namespaces/{name}/members/{username}", "/api/v1/namespaces/{name}/robots",
                "/api/v1/namespaces/{name}/robots/{robot}", "/api/v1/users/{username}/tokens",
                "/api/v1/users/{username}/tokens/{id}", "/api/v1/audit", "/api/v1/signing-keys/rotate",
                "/api/v1/repositories");
        assertThat(paths.propertyNames()).allSatisfy(path -> assertThat(path).startsWith("/api/v1/"))
                .doesNotContain("/api/v1/openapi.json", "/api/v1/openapi-source.json");
    }

    @Test
    void document_namesBerthAndServesRelativeToItself() {
        JsonNode document = body(registry.anonymous().get("/api/v1/openapi.json"));

        assertThat(document.get("openapi").asString()).startsWith("3.");
        assertThat(document.get("info").get("title").asString()).isEqualTo("Berth API");
        assertThat(document.get("info").get("version").asString()).isNotBlank();
        // Not the address of the server the build ran: a client resolves the paths against this registry.
        assertThat(document.get("servers").valueStream().map(server -> server.get("url").asString())).containsExactly("/");
        assertThat(document.get("components").get("schemas").propertyNames()).isNotEmpty();
    }

    @Test
    void document_withItsEtag_answers304WithoutABody() {
        HttpResponse<byte[]> first = registry.anonymous().get("/api/v1/openapi.json");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");

        HttpResponse<byte[]> again = registry.anonymous().get("/api/v1/openapi.json", "If-None-Match", etag);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
    }

    @Test
    void document_withAnotherEtag_answersTheDocument() {
        HttpResponse<byte[]> other = registry.anonymous().get("/api/v1/openapi.json", "If-None-Match", "\"stale\"");

        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(body(other).get("paths").propertyNames()).contains("/api/v1/me");
    }
}
