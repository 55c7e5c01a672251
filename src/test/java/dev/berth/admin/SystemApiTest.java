package dev.berth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.berth.support.RegistryClient;

class SystemApiTest extends AdminApiTestSupport {

    @Test
    void audit_asAdmin_listsNewestFirst() {
        String username = unique("u");
        createUser(username);

        HttpResponse<byte[]> audit = registry.get("/api/v1/audit?size=5");

        assertThat(audit.statusCode()).isEqualTo(200);
        JsonNode events = body(audit).get("items");
        assertThat(events.size()).isBetween(1, 5);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i - 1).get("occurredAt").asString())
                    .isGreaterThanOrEqualTo(events.get(i).get("occurredAt").asString());
        }
        assertThat(body(registry.get("/api/v1/audit?size=100")).get("items").valueStream()
                .map(event -> event.get("action").asString() + " " + event.get("target").asString()))
                .contains("user-create " + username);
    }

    @Test
    void audit_asNonAdmin_answers403() {
        assertProblem(createUser(unique("u")).get("/api/v1/audit"), 403);
    }

    @Test
    void rotate_asAdmin_answersTheNewKeyAndOldTokensStillWork() {
        String username = unique("u");
        RegistryClient user = createUser(username);
        HttpResponse<byte[]> issued = user.get("/token?service=berth&scope=repository:" + username
                + "/app:pull&scope=account:self:*");
        assertThat(issued.statusCode()).as(RegistryClient.text(issued)).isEqualTo(200);
        String before = body(issued).get("token").asString();

        HttpResponse<byte[]> rotated = registry.send("POST", "/api/v1/signing-keys/rotate", null);

        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(body(rotated).get("kid").asString()).isNotBlank();
        assertThat(registry.withBearer(before).get("/api/v1/me").statusCode()).isEqualTo(200);
    }

    @Test
    void rotate_asNonAdmin_answers403() {
        assertProblem(createUser(unique("u")).send("POST", "/api/v1/signing-keys/rotate", null), 403);
    }

    @Test
    void me_withBearerTokenForTheAccount_answersTheUser() {
        String username = unique("u");
        RegistryClient user = createUser(username);
        String token = body(user.get("/token?service=berth&scope=account:self:*")).get("token").asString();

        HttpResponse<byte[]> me = registry.withBearer(token).get("/api/v1/me");

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(body(me).get("username").asString()).isEqualTo(username);
    }

    @Test
    void me_anonymous_answers401() {
        HttpResponse<byte[]> me = registry.anonymous().get("/api/v1/me");

        assertProblem(me, 401);
        assertThat(me.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"berth\"");
    }
}
