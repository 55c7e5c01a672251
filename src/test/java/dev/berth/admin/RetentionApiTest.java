package dev.berth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.berth.support.RegistryClient;

/** {@code /api/v1/namespaces/{ns}/retention}: owners and admins set, read and remove policies. */
class RetentionApiTest extends AdminApiTestSupport {

    @Test
    void retention_setByOwner_isListedReplacedAndRemoved() {
        String ownerName = unique("owner");
        RegistryClient owner = createUser(ownerName);
        String ns = unique("ret");
        createNamespace(owner, ns);

        HttpResponse<byte[]> set = json(owner, "PUT", "/api/v1/namespaces/" + ns + "/retention",
                "{\"keepLast\":5,\"keepPattern\":\"release-*\"}");
        assertThat(set.statusCode()).as(RegistryClient.text(set)).isEqualTo(200);
        assertThat(json(owner, "PUT", "/api/v1/namespaces/" + ns + "/retention",
                "{\"repository\":\"" + ns + "/app\",\"maxAgeDays\":30}").statusCode()).isEqualTo(200);
        assertThat(json(owner, "PUT", "/api/v1/namespaces/" + ns + "/retention",
                "{\"keepLast\":3}").statusCode()).isEqualTo(200);

        JsonNode policies = body(owner.get("/api/v1/namespaces/" + ns + "/retention"));
        assertThat(policies.size()).isEqualTo(2);
        assertThat(policies.get(0).get("keepLast").asInt()).isEqualTo(3);
        assertThat(policies.get(0).get("keepPattern").isNull()).isTrue();
        assertThat(policies.get(1).get("repository").asString()).isEqualTo(ns + "/app");
        assertThat(policies.get(1).get("maxAgeDays").asInt()).isEqualTo(30);

        assertThat(owner.delete("/api/v1/namespaces/" + ns + "/retention").statusCode()).isEqualTo(204);
        assertThat(body(owner.get("/api/v1/namespaces/" + ns + "/retention")).size()).isEqualTo(1);
    }

    @Test
    void retention_refusals_changeNothing() {
        String ns = unique("ret");
        createNamespace(registry, ns);
        assertThat(json(registry, "PUT", "/api/v1/namespaces/" + ns + "/retention", "{\"keepLast\":2}").statusCode())
                .isEqualTo(200);
        String memberName = unique("maint");
        RegistryClient maintainer = createUser(memberName);
        addMember(registry, ns, memberName, "maintainer");

        assertProblem(json(maintainer, "PUT", "/api/v1/namespaces/" + ns + "/retention", "{\"keepLast\":9}"), 403);
        assertProblem(maintainer.delete("/api/v1/namespaces/" + ns + "/retention"), 403);
        assertFieldError(json(registry, "PUT", "/api/v1/namespaces/" + ns + "/retention", "{\"keepLast\":0}"),
                "keepLast");
        assertFieldError(json(registry, "PUT", "/api/v1/namespaces/" + ns + "/retention",
                "{\"keepPattern\":\"v*\"}"), "keepLast");
        assertFieldError(json(registry, "PUT", "/api/v1/namespaces/" + ns + "/retention",
                "{\"maxAgeDays\":-1,\"keepPattern\":\"a/b\"}"), "keepPattern");
        assertFieldError(json(registry, "PUT", "/api/v1/namespaces/" + ns + "/retention",
                "{\"keepLast\":1,\"repository\":\"other/app\"}"), "repository");
        assertProblem(registry.delete("/api/v1/namespaces/" + ns + "/retention?repository=" + ns + "/none"), 404);

        JsonNode policies = body(registry.get("/api/v1/namespaces/" + ns + "/retention"));
        assertThat(policies.size()).isEqualTo(1);
        assertThat(policies.get(0).get("keepLast").asInt()).isEqualTo(2);
    }
}
