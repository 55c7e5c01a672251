package dev.berth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.berth.support.RegistryClient;

class UserApiTest extends AdminApiTestSupport {

    @Test
    void create_asAdmin_returnsTheUserWithoutItsPassword() {
        String username = unique("u");

        HttpResponse<byte[]> created = json(registry, "POST", "/api/v1/users",
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\",\"admin\":false}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/api/v1/users/" + username));
        JsonNode user = body(created);
        assertThat(user.get("username").asString()).isEqualTo(username);
        assertThat(user.get("admin").asBoolean()).isFalse();
        assertThat(user.get("enabled").asBoolean()).isTrue();
        assertThat(user.get("robot").asBoolean()).isFalse();
        assertThat(RegistryClient.text(created)).doesNotContain("password", "bcrypt", PASSWORD);
        assertThat(registry.withBasic(username, PASSWORD).get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void create_shortPassword_answers400NamingTheFieldAndCreatesNothing() {
        String username = unique("u");

        HttpResponse<byte[]> refused = json(registry, "POST", "/api/v1/users",
                "{\"username\":\"" + username + "\",\"password\":\"short\"}");

        assertFieldError(refused, "password");
        assertProblem(registry.get("/api/v1/users/" + username), 404);
    }

    @Test
    void create_invalidUsername_answers400NamingTheField() {
        HttpResponse<byte[]> refused = json(registry, "POST", "/api/v1/users",
                "{\"username\":\"Not Valid\",\"password\":\"" + PASSWORD + "\"}");

        assertFieldError(refused, "username");
    }

    @Test
    void create_takenUsername_answers409() {
        String username = unique("u");
        createUser(username);

        HttpResponse<byte[]> refused = json(registry, "POST", "/api/v1/users",
                "{\"username\":\"" + username + "\",\"password\":\"another-password\"}");

        assertProblem(refused, 409);
        // Failed logins are left out on purpose: the shared server throttles them per client address.
        assertThat(registry.withBasic(username, PASSWORD).get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void create_wrongTypeInBody_answers400NamingTheField() {
        String username = unique("u");

        HttpResponse<byte[]> refused = json(registry, "POST", "/api/v1/users",
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\",\"admin\":{\"x\":1}}");

        assertFieldError(refused, "admin");
        assertProblem(registry.get("/api/v1/users/" + username), 404);
    }

    @Test
    void create_asNonAdmin_answers403AndCreatesNothing() {
        RegistryClient user = createUser(unique("u"));
        String username = unique("u");

        HttpResponse<byte[]> refused = json(user, "POST", "/api/v1/users",
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}");

        assertProblem(refused, 403);
        assertProblem(registry.get("/api/v1/users/" + username), 404);
    }

    @Test
    void list_anonymous_answers401WithABasicChallenge() {
        HttpResponse<byte[]> refused = registry.anonymous().get("/api/v1/users");

        assertProblem(refused, 401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"berth\"");
    }

    @Test
    void list_wrongPassword_answers401() {
        assertProblem(registry.withBasic("admin", "wrong-password").get("/api/v1/users"), 401);
    }

    @Test
    void list_asAdmin_pagesByUsernameWithLinks() {
        createUser(unique("u"));
        createUser(unique("u"));

        HttpResponse<byte[]> first = registry.get("/api/v1/users?page=0&size=1");
        HttpResponse<byte[]> second = registry.get("/api/v1/users?page=1&size=1");

        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode page = body(first);
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(1);
        assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(first.headers().firstValue("Link")).hasValueSatisfying(link ->
                assertThat(link).contains("page=1", "rel=\"next\"").doesNotContain("rel=\"prev\""));
        assertThat(second.headers().firstValue("Link")).hasValueSatisfying(link ->
                assertThat(link).contains("page=2", "rel=\"next\"", "page=0", "rel=\"prev\""));
        assertThat(page.get("items").get(0).get("username").asString())
                .isLessThan(body(second).get("items").get(0).get("username").asString());
    }

    @Test
    void list_sizeOverMaximum_answers400NamingTheField() {
        assertFieldError(registry.get("/api/v1/users?size=101"), "size");
        assertFieldError(registry.get("/api/v1/users?page=-1"), "page");
        assertFieldError(registry.get("/api/v1/users?page=first"), "page");
    }

    @Test
    void list_asNonAdmin_answers403() {
        assertProblem(createUser(unique("u")).get("/api/v1/users"), 403);
    }

    @Test
    void get_ownAccount_answersIt() {
        String username = unique("u");
        RegistryClient user = createUser(username);

        HttpResponse<byte[]> own = user.get("/api/v1/users/" + username);

        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(body(own).get("username").asString()).isEqualTo(username);
    }

    @Test
    void get_anotherUsersAccount_answers404() {
        String other = unique("u");
        createUser(other);

        assertProblem(createUser(unique("u")).get("/api/v1/users/" + other), 404);
    }

    @Test
    void update_ownPassword_takesEffectAtOnce() {
        String username = unique("u");
        RegistryClient user = createUser(username);
        assertThat(user.get("/v2/").statusCode()).isEqualTo(200);

        HttpResponse<byte[]> changed = json(user, "PATCH", "/api/v1/users/" + username,
                "{\"password\":\"a-new-password\",\"currentPassword\":\"" + PASSWORD + "\"}");

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(user.get("/v2/").statusCode()).isEqualTo(401);
        assertThat(registry.withBasic(username, "a-new-password").get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void update_nonAdminSettingAdminOrEnabled_isIgnored() {
        String username = unique("u");
        RegistryClient user = createUser(username);

        HttpResponse<byte[]> changed = json(user, "PATCH", "/api/v1/users/" + username,
                "{\"admin\":true,\"enabled\":false}");

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(body(changed).get("admin").asBoolean()).isFalse();
        assertThat(body(changed).get("enabled").asBoolean()).isTrue();
        assertThat(body(registry.get("/api/v1/users/" + username)).get("admin").asBoolean()).isFalse();
        assertProblem(user.get("/api/v1/users"), 403);
        assertThat(user.get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void update_shortPassword_answers400AndKeepsTheOldOne() {
        String username = unique("u");
        RegistryClient user = createUser(username);

        assertFieldError(json(user, "PATCH", "/api/v1/users/" + username, "{\"password\":\"1234567\"}"),
                "password");
        assertThat(user.get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void update_anotherUserAsNonAdmin_answers404AndChangesNothing() {
        String other = unique("u");
        RegistryClient otherClient = createUser(other);

        assertProblem(json(createUser(unique("u")), "PATCH", "/api/v1/users/" + other,
                "{\"password\":\"hijacked-password\"}"), 404);
        assertThat(otherClient.get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void update_disableAsAdmin_locksTheUserOutAtOnce() {
        String username = unique("u");
        RegistryClient user = createUser(username);
        assertThat(user.get("/v2/").statusCode()).isEqualTo(200);

        HttpResponse<byte[]> disabled = json(registry, "PATCH", "/api/v1/users/" + username, "{\"enabled\":false}");

        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(body(disabled).get("enabled").asBoolean()).isFalse();
        assertThat(user.get("/v2/").statusCode()).isEqualTo(401);
    }

    @Test
    void update_grantAdminAsAdmin_makesTheUserAnAdmin() {
        String username = unique("u");
        RegistryClient user = createUser(username);

        HttpResponse<byte[]> granted = json(registry, "PATCH", "/api/v1/users/" + username, "{\"admin\":true}");

        assertThat(granted.statusCode()).isEqualTo(200);
        assertThat(body(granted).get("admin").asBoolean()).isTrue();
        assertThat(user.get("/api/v1/users").statusCode()).isEqualTo(200);
        assertThat(json(registry, "PATCH", "/api/v1/users/" + username, "{\"admin\":false}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void delete_asAdmin_removesTheUser() {
        String username = unique("u");
        createUser(username);

        HttpResponse<byte[]> deleted = registry.delete("/api/v1/users/" + username);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertProblem(registry.get("/api/v1/users/" + username), 404);
        assertThat(body(registry.get("/api/v1/users?size=100")).get("items").valueStream()
                .map(listed -> listed.get("username").asString())).doesNotContain(username);
    }

    @Test
    void delete_asNonAdmin_answers403AndKeepsTheUser() {
        String username = unique("u");
        RegistryClient user = createUser(username);

        assertProblem(user.delete("/api/v1/users/" + username), 403);
        assertThat(user.get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void delete_lastEnabledAdmin_answers409() {
        // The shared server has other tests' admins at times; only the bootstrap admin is certain.
        HttpResponse<byte[]> users = registry.get("/api/v1/users?size=100");
        long admins = body(users).get("items").valueStream()
                .filter(user -> user.get("admin").asBoolean() && user.get("enabled").asBoolean()).count();
        org.junit.jupiter.api.Assumptions.assumeTrue(admins == 1 && body(users).get("total").asLong() <= 100);

        assertProblem(registry.delete("/api/v1/users/admin"), 409);
        assertProblem(json(registry, "PATCH", "/api/v1/users/admin", "{\"admin\":false}"), 409);
        assertThat(registry.get("/api/v1/users").statusCode()).isEqualTo(200);
    }

    @Test
    void delete_unknownUser_answers404() {
        assertProblem(registry.delete("/api/v1/users/" + unique("nobody")), 404);
    }
}
