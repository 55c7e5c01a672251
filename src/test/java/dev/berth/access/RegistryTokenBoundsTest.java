package dev.berth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.berth.auth.UserAccount;
import dev.berth.support.RegistryClient;

/**
 * A registry token does on {@code /api/v1} only what its {@code access} claims allow, for the
 * repositories they name: no account management, no other repository. The account itself is for
 * passwords, access tokens and tokens issued for {@code account:self:*} (the web UI's).
 */
class RegistryTokenBoundsTest extends AccessHttpTest {

    @Test
    void browseDelete_tokenWithoutScope_cannotSeeOrDeleteAnyRepository() {
        UserAccount alice = createUser(unique("alice"));
        String repository = alice.username() + "/app";
        Image image = pushImage(repository, "v1");
        RegistryClient bearer = registry.withBearer(token(as(alice.username())));

        HttpResponse<byte[]> deleted = bearer.delete("/api/v1/repositories/" + repository);

        assertProblem(deleted, 404);
        assertThat(tagDigest(repository, "v1")).isEqualTo(image.digest());
        assertThat(json(bearer.get("/api/v1/repositories")).get("total").asLong()).isZero();
    }

    @Test
    void browseDelete_tokenWithPullOnOneRepository_readsItButDeletesNothing() {
        UserAccount alice = createUser(unique("alice"));
        String pulled = alice.username() + "/app";
        String other = alice.username() + "/other";
        Image image = pushImage(pulled, "v1");
        Image otherImage = pushImage(other, "v1");
        RegistryClient bearer = registry.withBearer(token(as(alice.username()), "repository:" + pulled + ":pull"));

        HttpResponse<byte[]> deletePulled = bearer.delete("/api/v1/repositories/" + pulled);
        HttpResponse<byte[]> deleteOther = bearer.delete("/api/v1/repositories/" + other);
        HttpResponse<byte[]> deleteTag = bearer.delete("/api/v1/repositories/" + pulled + "/tags/v1");

        assertProblem(deletePulled, 403);
        assertProblem(deleteOther, 404);
        assertProblem(deleteTag, 403);
        assertThat(tagDigest(pulled, "v1")).isEqualTo(image.digest());
        assertThat(tagDigest(other, "v1")).isEqualTo(otherImage.digest());
        assertThat(bearer.get("/api/v1/repositories/" + pulled).statusCode()).isEqualTo(200);
        JsonNode listed = json(bearer.get("/api/v1/repositories"));
        assertThat(listed.get("items").valueStream().map(item -> item.get("name").asString()))
                .containsExactly(pulled);
    }

    @Test
    void browseDelete_tokenGrantingDelete_deletesThatRepository() {
        UserAccount alice = createUser(unique("alice"));
        String repository = alice.username() + "/app";
        pushImage(repository, "v1");
        RegistryClient bearer = registry.withBearer(token(as(alice.username()),
                "repository:" + repository + ":pull,delete"));

        assertThat(bearer.delete("/api/v1/repositories/" + repository).statusCode()).isEqualTo(204);
        assertThat(tagDigest(repository, "v1")).isNull();
    }

    @Test
    void changePassword_registryToken_answers403AndTheOldPasswordStillWorks() {
        UserAccount alice = createUser(unique("alice"));
        RegistryClient bearer = registry.withBearer(token(as(alice.username()),
                "repository:" + alice.username() + "/app:pull"));

        HttpResponse<byte[]> changed = jsonRequest(bearer, "PATCH", "/api/v1/users/" + alice.username(),
                "{\"password\":\"taken-over-password\",\"currentPassword\":\"" + password(alice.username()) + "\"}");

        assertProblem(changed, 403);
        assertThat(as(alice.username()).get("/v2/").statusCode()).isEqualTo(200);
        assertThat(registry.withBasic(alice.username(), "taken-over-password").get("/v2/").statusCode())
                .isEqualTo(401);
    }

    @Test
    void createAccessToken_registryToken_answers403AndMintsNothing() {
        UserAccount alice = createUser(unique("alice"));
        RegistryClient bearer = registry.withBearer(token(as(alice.username())));

        HttpResponse<byte[]> created = jsonRequest(bearer, "POST", "/api/v1/users/" + alice.username() + "/tokens",
                "{\"description\":\"forever\"}");

        assertProblem(created, 403);
        assertThat(json(as(alice.username()).get("/api/v1/users/" + alice.username() + "/tokens"))
                .get("total").asLong()).isZero();
    }

    @Test
    void createAdminUser_adminsRegistryToken_answers403AndCreatesNoOne() {
        String intruder = unique("intruder");
        RegistryClient adminBearer = registry.withBearer(token(registry));

        HttpResponse<byte[]> created = jsonRequest(adminBearer, "POST", "/api/v1/users",
                "{\"username\":\"" + intruder + "\",\"password\":\"intruder-password\",\"admin\":true}");

        assertProblem(created, 403);
        assertProblem(registry.get("/api/v1/users/" + intruder), 404);
        assertProblem(adminBearer.get("/api/v1/me"), 403);
    }

    @Test
    void accountScope_tokenFromAPasswordLogin_actsForTheAccount() {
        UserAccount alice = createUser(unique("alice"));
        String repository = alice.username() + "/app";
        pushImage(repository, "v1");
        JsonNode issued = tokenResponse(as(alice.username()), "account:self:*");

        RegistryClient session = registry.withBearer(issued.get("token").asString());

        assertThat(json(session.get("/api/v1/me")).get("username").asString()).isEqualTo(alice.username());
        assertThat(session.get("/api/v1/repositories/" + repository).statusCode()).isEqualTo(200);
        assertThat(registry.anonymous().get(tokenPath("account:self:*")).statusCode()).isEqualTo(200);
        String anonymousToken = token(registry.anonymous(), "account:self:*");
        assertThat(registry.withBearer(anonymousToken).get("/api/v1/me").statusCode()).isEqualTo(401);
    }

    @Test
    void changePassword_withoutOrWithWrongCurrentPassword_isRefusedAndChangesNothing() {
        UserAccount alice = createUser(unique("alice"));
        RegistryClient client = as(alice.username());
        String path = "/api/v1/users/" + alice.username();

        HttpResponse<byte[]> missing = jsonRequest(client, "PATCH", path, "{\"password\":\"another-password\"}");
        HttpResponse<byte[]> wrong = jsonRequest(client, "PATCH", path,
                "{\"password\":\"another-password\",\"currentPassword\":\"not-my-password\"}");

        assertThat(assertProblem(missing, 400).get("errors").get(0).get("field").asString())
                .isEqualTo("currentPassword");
        assertProblem(wrong, 403);
        assertThat(client.get("/v2/").statusCode()).isEqualTo(200);
        assertThat(registry.withBasic(alice.username(), "another-password").get("/v2/").statusCode()).isEqualTo(401);
    }

    @Test
    void changePassword_adminResettingAnotherUser_needsNoCurrentPassword() {
        UserAccount alice = createUser(unique("alice"));

        HttpResponse<byte[]> reset = jsonRequest(registry, "PATCH", "/api/v1/users/" + alice.username(),
                "{\"password\":\"reset-by-admin\"}");

        assertThat(reset.statusCode()).as(RegistryClient.text(reset)).isEqualTo(200);
        assertThat(registry.withBasic(alice.username(), "reset-by-admin").get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void changePassword_endsRefreshAndRegistryTokensIssuedBefore() {
        UserAccount alice = createUser(unique("alice"));
        String repository = alice.username() + "/app";
        pushImage(repository, "v1");
        JsonNode offline = json(as(alice.username()).get(tokenPath("repository:" + repository + ":pull")
                + "&offline_token=true"));
        String refreshToken = offline.get("refresh_token").asString();
        String accessToken = offline.get("token").asString();
        assertThat(registry.withBearer(accessToken).head("/v2/" + repository + "/manifests/v1").statusCode())
                .isEqualTo(200);

        HttpResponse<byte[]> changed = jsonRequest(as(alice.username()), "PATCH", "/api/v1/users/" + alice.username(),
                "{\"password\":\"a-brand-new-password\",\"currentPassword\":\"" + password(alice.username()) + "\"}");
        assertThat(changed.statusCode()).as(RegistryClient.text(changed)).isEqualTo(200);

        HttpResponse<byte[]> refreshed = registry.anonymous().send("POST", "/token",
                ("grant_type=refresh_token&client_id=test&refresh_token="
                        + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(refreshed.statusCode()).isEqualTo(401);
        assertThat(json(refreshed).has("token")).isFalse();
        assertChallenge(registry.withBearer(accessToken).get("/v2/" + repository + "/manifests/v1"), "UNAUTHORIZED",
                "repository:" + repository + ":pull", "invalid_token");
        assertThat(registry.withBasic(alice.username(), "a-brand-new-password").get("/v2/").statusCode())
                .isEqualTo(200);
    }

    private static HttpResponse<byte[]> jsonRequest(RegistryClient client, String method, String path, String body) {
        return client.send(method, path, body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    private static JsonNode assertProblem(HttpResponse<byte[]> response, int status) {
        assertThat(response.statusCode()).as(RegistryClient.text(response)).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }
}
