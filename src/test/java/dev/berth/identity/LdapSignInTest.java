package dev.berth.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.auth.AccessTokens;
import dev.berth.auth.Namespaces;
import dev.berth.auth.Users;
import dev.berth.support.FromAddress;
import dev.berth.support.LdapServer;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * LDAP sign-in over HTTP against a real directory (UnboundID's in-memory server), on a Berth of its
 * own: the directory's password gets a registry token, the first sign-in makes an external account,
 * group mapping grants and takes away namespace roles and the admin flag at each sign-in, a person
 * removed from the directory loses their access tokens within the re-check interval, and names that
 * belong to a local account or a namespace are refused and audited with nothing changed.
 */
class LdapSignInTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dataDir;

    private static LdapServer ldap;
    private static StandaloneBerth berth;
    private static RegistryClient admin;

    @BeforeAll
    static void start() {
        ldap = LdapServer.start();
        List<String> properties = new ArrayList<>(ldap.berthProperties());
        properties.addAll(List.of("berth.auth.ldap.recheck-interval=1s",
                "berth.auth.group-mappings[0].group=platform-team", "berth.auth.group-mappings[0].namespace=platform",
                "berth.auth.group-mappings[0].role=writer",
                "berth.auth.group-mappings[1].group=Release-Managers", "berth.auth.group-mappings[1].namespace=platform",
                "berth.auth.group-mappings[1].role=maintainer",
                "berth.auth.group-mappings[2].group=berth-admins", "berth.auth.group-mappings[2].source=ldap",
                "berth.auth.group-mappings[2].admin=true",
                // A group of that name from any other source must not count.
                "berth.auth.group-mappings[3].group=platform-team", "berth.auth.group-mappings[3].source=oidc:elsewhere",
                "berth.auth.group-mappings[3].admin=true"));
        berth = StandaloneBerth.start(dataDir, properties.toArray(String[]::new));
        admin = berth.client();
    }

    @AfterAll
    static void stop() {
        if (berth != null) {
            berth.close();
        }
        if (ldap != null) {
            ldap.close();
        }
    }

    @Test
    void token_ldapPassword_createsAnExternalUserWithTheMappedRole() {
        String uid = person("platform-team");

        HttpResponse<byte[]> token = token(uid, password(uid), "repository:platform/app:push,pull");

        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(actions(token, "platform/app")).containsExactlyInAnyOrder("push", "pull");
        JsonNode user = json(admin.get("/api/v1/users/" + uid));
        assertThat(user.get("origin").asString()).isEqualTo("ldap");
        assertThat(user.get("admin").asBoolean()).isFalse();
        assertThat(audit(uid)).contains("user-create SUCCESS " + uid + " first sign-in through ldap", "login SUCCESS ldap");
        assertThat(audit(GroupMappings.ACTOR)).contains("member-set SUCCESS platform/" + uid + " writer");
    }

    @Test
    void firstSignIns_inParallel_makeOneAccountAndOneMembership() throws Exception {
        String uid = person("platform-team");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> logins = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                logins.add(pool.submit(() -> token(uid, password(uid), "repository:platform/app:push").statusCode()));
            }
            for (java.util.concurrent.Future<Integer> login : logins) {
                assertThat(login.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }

        assertThat(audit(uid)).filteredOn(event -> event.startsWith("user-create")).hasSize(1);
        assertThat(berth.bean(Namespaces.class).memberships(berth.bean(Users.class).find(uid).orElseThrow().id()))
                .containsExactly(new Namespaces.Membership("platform", dev.berth.auth.Role.WRITER, true));
    }

    @Test
    void externalUser_cannotBeGivenABerthPassword() {
        String uid = person();
        assertThat(token(uid, password(uid), "repository:x/y:pull").statusCode()).isEqualTo(200);

        HttpResponse<byte[]> refused = admin.send("PATCH", "/api/v1/users/" + uid,
                "{\"password\":\"a-local-password\"}".getBytes(StandardCharsets.UTF_8), "Content-Type",
                "application/json");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(RegistryClient.text(refused)).contains("signs in through ldap");
        assertThat(token(uid, "a-local-password", "repository:x/y:pull").statusCode()).isEqualTo(401);
        assertThat(token(uid, password(uid), "repository:x/y:pull").statusCode()).isEqualTo(200);
    }

    @Test
    void groupChange_takesEffectAtTheNextLogin_andIsAudited() {
        String uid = person("platform-team");
        assertThat(actions(token(uid, password(uid), "repository:platform/app:push,pull,delete"), "platform/app"))
                .containsExactlyInAnyOrder("push", "pull");

        ldap.removeFromGroup("platform-team", uid);
        ldap.addToGroup("release-managers", uid);
        assertThat(actions(token(uid, password(uid), "repository:platform/app:push,pull,delete"), "platform/app"))
                .containsExactlyInAnyOrder("push", "pull", "delete");

        ldap.removeFromGroup("release-managers", uid);
        HttpResponse<byte[]> none = token(uid, password(uid), "repository:platform/app:push,pull,delete");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(actions(none, "platform/app")).isEmpty();
        assertThat(audit(GroupMappings.ACTOR)).contains(
                "member-set SUCCESS platform/" + uid + " maintainer (was writer)",
                "member-remove SUCCESS platform/" + uid + " no longer in a mapped ldap group");
    }

    @Test
    void groupMapping_leavesDirectMembershipsAlone() {
        String uid = person("platform-team");
        assertThat(token(uid, password(uid), "repository:x/y:pull").statusCode()).isEqualTo(200);
        // An admin sets the membership the mapping made: from then on it is direct.
        assertThat(admin.send("PUT", "/api/v1/namespaces/platform/members/" + uid,
                "{\"role\":\"maintainer\"}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json")
                .statusCode()).isEqualTo(200);

        ldap.removeFromGroup("platform-team", uid);
        HttpResponse<byte[]> token = token(uid, password(uid), "repository:platform/app:pull,push,delete");

        assertThat(actions(token, "platform/app")).containsExactlyInAnyOrder("pull", "push", "delete");
        assertThat(audit(GroupMappings.ACTOR)).noneMatch(event -> event.startsWith("member-remove SUCCESS platform/" + uid));
    }

    @Test
    void adminGroup_makesAnAdmin_andLeavingItEndsThat() {
        String uid = person("berth-admins");
        assertThat(token(uid, password(uid), "repository:x/y:pull").statusCode()).isEqualTo(200);
        assertThat(json(admin.get("/api/v1/users/" + uid)).get("admin").asBoolean()).isTrue();

        ldap.removeFromGroup("berth-admins", uid);
        assertThat(token(uid, password(uid), "repository:x/y:pull").statusCode()).isEqualTo(200);

        assertThat(json(admin.get("/api/v1/users/" + uid)).get("admin").asBoolean()).isFalse();
        assertThat(audit(GroupMappings.ACTOR)).contains("user-update SUCCESS " + uid + " admin=true (ldap groups)",
                "user-update SUCCESS " + uid + " admin=false (ldap groups)");
    }

    @Test
    void wrongLdapPassword_is401_andThrottledLikeALocalOne() {
        String uid = person();
        String wrong = RegistryClient.basic(uid, "not-the-password");
        // From an address of its own, so the failures throttle no other test's logins.
        for (int i = 0; i < 10; i++) {
            assertThat(FromAddress.get("127.0.0.2", berth.port(), "/token?service=berth", wrong)).isEqualTo(401);
        }

        int right = FromAddress.get("127.0.0.2", berth.port(), "/token?service=berth",
                RegistryClient.basic(uid, password(uid)));

        assertThat(right).isEqualTo(429);
        assertThat(audit(uid)).contains("login FAILURE wrong credentials or disabled account",
                "login DENIED throttled after repeated failures");
        assertThat(berth.bean(Users.class).exists(uid)).isFalse();
    }

    @Test
    void accessToken_ofAPersonRemovedFromTheDirectory_stopsWithinTheRecheckInterval() throws InterruptedException {
        String uid = person();
        assertThat(token(uid, password(uid), "repository:x/y:pull").statusCode()).isEqualTo(200);
        long id = berth.bean(Users.class).find(uid).orElseThrow().id();
        String accessToken = berth.bean(AccessTokens.class).create(id, "ci", null, null, null).secret();
        RegistryClient withToken = admin.withBasic(uid, accessToken);
        assertThat(withToken.get("/v2/").statusCode()).isEqualTo(200);
        // docker login keeps a refresh token (its identity token) instead of the password.
        String refreshToken = json(admin.anonymous().withBasic(uid, password(uid))
                .get("/token?service=berth&offline_token=true&client_id=docker")).get("refresh_token").asString();

        ldap.removePerson(uid);
        Thread.sleep(1200);

        assertThat(withToken.get("/v2/").statusCode()).isEqualTo(401);
        assertThat(token(uid, accessToken, "repository:x/y:pull").statusCode()).isEqualTo(401);
        assertThat(token(uid, password(uid), "repository:x/y:pull").statusCode()).isEqualTo(401);
        HttpResponse<byte[]> refreshed = admin.anonymous().send("POST", "/token", ("grant_type=refresh_token"
                + "&client_id=docker&service=berth&refresh_token=" + refreshToken).getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(refreshed.statusCode()).isBetween(400, 401);
        assertThat(RegistryClient.text(refreshed)).contains("the directory no longer has " + uid);
        assertThat(audit(uid)).contains("login DENIED the directory no longer has " + uid);
    }

    @Test
    void ldapPerson_withTheNameOfALocalUser_isRefused_andTheLocalAccountIsUntouched() {
        String uid = "local" + UUID.randomUUID().toString().substring(0, 8);
        berth.bean(Users.class).create(uid, "the-local-password", false);
        ldap.addPerson(uid, password(uid));

        HttpResponse<byte[]> refused = token(uid, password(uid), "repository:" + uid + "/app:push,pull");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(audit(uid)).contains("login DENIED " + uid + " from ldap has the name of a local account; "
                + "it is not taken over");
        assertThat(json(admin.get("/api/v1/users/" + uid)).get("origin").asString()).isEqualTo("local");
        assertThat(token(uid, "the-local-password", "repository:x/y:pull").statusCode()).isEqualTo(200);
    }

    @Test
    void ldapPerson_withTheNameOfAnExistingNamespace_isRefused() {
        String uid = "taken" + UUID.randomUUID().toString().substring(0, 8);
        berth.bean(Namespaces.class).ensureExists(uid);
        ldap.addPerson(uid, password(uid));

        assertThat(token(uid, password(uid), "repository:" + uid + "/app:push,pull").statusCode()).isEqualTo(401);

        assertThat(berth.bean(Users.class).exists(uid)).isFalse();
        assertThat(audit(uid)).contains("login DENIED a namespace named " + uid
                + " exists, so ldap cannot create a user of that name; an admin must resolve it");
    }

    @Test
    void disabledBerthUser_cannotSignIn_withAValidLdapPassword() {
        String uid = person("platform-team");
        assertThat(token(uid, password(uid), "repository:x/y:pull").statusCode()).isEqualTo(200);
        assertThat(admin.send("PATCH", "/api/v1/users/" + uid, "{\"enabled\":false}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json").statusCode()).isEqualTo(200);

        assertThat(token(uid, password(uid), "repository:x/y:pull").statusCode()).isEqualTo(401);
        assertThat(admin.withBasic(uid, password(uid)).get("/v2/").statusCode()).isEqualTo(401);

        assertThat(audit(uid)).contains("login DENIED " + uid + " is disabled in Berth");
    }

    /** A new person in the directory, in {@code groups}; they log in with {@link #password}. */
    private static String person(String... groups) {
        String uid = "ldap" + UUID.randomUUID().toString().substring(0, 8);
        ldap.addPerson(uid, password(uid));
        for (String group : groups) {
            ldap.addToGroup(group, uid);
        }
        return uid;
    }

    private static String password(String uid) {
        return "directory-password-of-" + uid;
    }

    private static HttpResponse<byte[]> token(String username, String secret, String scope) {
        return admin.anonymous().withBasic(username, secret).get("/token?service=berth&scope=" + scope);
    }

    /** The actions a token response grants on {@code repository}. */
    static List<String> actions(HttpResponse<byte[]> tokenResponse, String repository) {
        assertThat(tokenResponse.statusCode()).as(RegistryClient.text(tokenResponse)).isEqualTo(200);
        String jwt = json(tokenResponse).get("token").asString();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        List<String> actions = new ArrayList<>();
        for (JsonNode grant : claims.get("access")) {
            if (grant.get("name").asString().equals(repository)) {
                grant.get("actions").forEach(action -> actions.add(action.asString()));
            }
        }
        return actions;
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        return JSON.readTree(response.body());
    }

    /** The audit events about {@code actor} as "action OUTCOME [target ]detail". */
    private static List<String> audit(String actor) {
        return berth.bean(JdbcClient.class).sql("SELECT action, outcome, target, detail FROM audit_event "
                        + "WHERE actor = :actor ORDER BY id").param("actor", actor)
                .query((row, n) -> row.getString(1) + " " + row.getString(2)
                        + (row.getString(3) == null ? "" : " " + row.getString(3))
                        + (row.getString(4) == null ? "" : " " + row.getString(4)))
                .list();
    }
}
