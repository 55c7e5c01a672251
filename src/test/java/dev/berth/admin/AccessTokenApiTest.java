package dev.berth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.berth.support.RegistryClient;

class AccessTokenApiTest extends AdminApiTestSupport {

    @Test
    void create_ownToken_showsTheSecretOnceAndWorksAsAPassword() {
        String username = unique("u");
        RegistryClient user = createUser(username);

        JsonNode created = createToken(user, username, "\"expiresInDays\":30,\"actions\":[\"pull\"]");

        String secret = created.get("token").asString();
        String id = created.get("id").asString();
        assertThat(secret).startsWith("berth_" + id + "_");
        assertThat(created.get("actions").valueStream().map(JsonNode::asString)).containsExactly("pull");
        assertThat(created.get("expiresAt").asString()).isNotBlank();
        assertThat(registry.withBasic(username, secret).get("/v2/").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> listed = user.get("/api/v1/users/" + username + "/tokens");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(body(listed).get("items")).hasSize(1);
        assertThat(RegistryClient.text(listed)).doesNotContain(secret.substring(24));
        HttpResponse<byte[]> one = user.get("/api/v1/users/" + username + "/tokens/" + id);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(body(one).get("active").asBoolean()).isTrue();
        assertThat(body(one).has("token")).isFalse();
    }

    @Test
    void revoke_ownToken_stopsItWorkingAtOnceAndIsAudited() {
        String username = unique("u");
        RegistryClient user = createUser(username);
        JsonNode created = createToken(user, username, null);
        String secret = created.get("token").asString();
        String id = created.get("id").asString();
        assertThat(registry.withBasic(username, secret).get("/v2/").statusCode()).isEqualTo(200);

        assertThat(user.delete("/api/v1/users/" + username + "/tokens/" + id).statusCode()).isEqualTo(204);

        assertThat(registry.withBasic(username, secret).get("/v2/").statusCode()).isEqualTo(401);
        assertThat(body(user.get("/api/v1/users/" + username + "/tokens/" + id)).get("active").asBoolean())
                .isFalse();
        JsonNode audit = body(registry.get("/api/v1/audit?size=100"));
        assertThat(audit.get("items").valueStream()
                .map(event -> event.get("action").asString() + " " + event.get("target").asString()))
                .contains("token-revoke " + username + "/" + id, "token-create " + username + "/" + id);
    }

    @Test
    void create_invalidFields_answers400NamingThemAndCreatesNothing() {
        String username = unique("u");
        RegistryClient user = createUser(username);

        assertFieldError(json(user, "POST", "/api/v1/users/" + username + "/tokens", "{}"), "description");
        assertFieldError(json(user, "POST", "/api/v1/users/" + username + "/tokens",
                "{\"description\":\"ci\",\"actions\":[\"pull\",\"fly\"]}"), "actions");
        assertFieldError(json(user, "POST", "/api/v1/users/" + username + "/tokens",
                "{\"description\":\"ci\",\"expiresAt\":\"2000-01-01T00:00:00Z\"}"), "expiresAt");
        assertFieldError(json(user, "POST", "/api/v1/users/" + username + "/tokens",
                "{\"description\":\"ci\",\"expiresInDays\":0}"), "expiresInDays");
        assertFieldError(json(user, "POST", "/api/v1/users/" + username + "/tokens",
                "{\"description\":\"ci\",\"namespace\":\"Not/Valid\"}"), "namespace");
        assertThat(body(user.get("/api/v1/users/" + username + "/tokens")).get("total").asLong()).isZero();
    }

    @Test
    void tokens_ofAnotherUser_answer404EvenWithTheRightId() {
        String victimName = unique("u");
        RegistryClient victim = createUser(victimName);
        JsonNode token = createToken(victim, victimName, null);
        String id = token.get("id").asString();
        String attackerName = unique("u");
        RegistryClient attacker = createUser(attackerName);

        assertProblem(attacker.get("/api/v1/users/" + victimName + "/tokens"), 404);
        assertProblem(attacker.get("/api/v1/users/" + victimName + "/tokens/" + id), 404);
        assertProblem(attacker.delete("/api/v1/users/" + victimName + "/tokens/" + id), 404);
        assertProblem(attacker.delete("/api/v1/users/" + attackerName + "/tokens/" + id), 404);
        assertProblem(json(attacker, "POST", "/api/v1/users/" + victimName + "/tokens", "{\"description\":\"x\"}"),
                404);
        assertThat(registry.withBasic(victimName, token.get("token").asString()).get("/v2/").statusCode())
                .isEqualTo(200);
    }

    @Test
    void create_withAnAccessToken_answers403() {
        String username = unique("u");
        RegistryClient user = createUser(username);
        RegistryClient withToken = registry.withBasic(username, createToken(user, username, null).get("token").asString());

        assertProblem(json(withToken, "POST", "/api/v1/users/" + username + "/tokens", "{\"description\":\"x\"}"),
                403);
        assertProblem(json(withToken, "PATCH", "/api/v1/users/" + username, "{\"password\":\"other-password\"}"),
                403);
        assertThat(body(user.get("/api/v1/users/" + username + "/tokens")).get("total").asLong()).isEqualTo(1);
        assertThat(body(withToken.get("/api/v1/me")).get("accessToken").asBoolean()).isTrue();
    }

    @Test
    void create_asAdminForAnotherUser_works() {
        String username = unique("u");
        createUser(username);

        String secret = createToken(registry, username, "\"namespace\":\"" + username + "\"").get("token").asString();

        assertThat(registry.withBasic(username, secret).get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void list_anonymous_answers401() {
        assertProblem(registry.anonymous().get("/api/v1/users/admin/tokens"), 401);
    }
}
