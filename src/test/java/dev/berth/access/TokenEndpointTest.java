package dev.berth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.SignedJWT;

import tools.jackson.databind.JsonNode;

import dev.berth.auth.AccessTokens;
import dev.berth.auth.Action;
import dev.berth.auth.Role;
import dev.berth.auth.UserAccount;
import dev.berth.support.RegistryClient;

/** {@code GET} and {@code POST /token}: what a token grants, to whom, and every way to be refused one. */
class TokenEndpointTest extends AccessHttpTest {

    @Test
    void get_anonymous_grantsOnlyPullsFromPublicNamespaces() {
        String publicRepository = publicNamespace() + "/app";
        String privateRepository = privateNamespace() + "/app";
        Image image = pushImage(publicRepository, "v1");
        pushImage(privateRepository, "v1");

        String token = token(registry.anonymous(), "repository:" + publicRepository + ":pull,push",
                "repository:" + privateRepository + ":pull");

        assertThat(access(token)).containsExactly(Map.entry("repository:" + publicRepository, List.of("pull")));
        RegistryClient bearer = registry.withBearer(token);
        HttpResponse<byte[]> pulled = bearer.get("/v2/" + publicRepository + "/manifests/v1", "Accept", OCI_MANIFEST);
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(pulled.body()).isEqualTo(image.manifest());
        assertChallenge(bearer.get("/v2/" + privateRepository + "/manifests/v1"), "DENIED",
                "repository:" + privateRepository + ":pull", "insufficient_scope");
    }

    @Test
    void get_basicReaderAskingPush_answers200WithPullOnly() {
        String namespace = privateNamespace();
        UserAccount reader = member("reader", namespace, Role.READER);
        String repository = namespace + "/app";
        Image image = blobsOf(repository);

        HttpResponse<byte[]> response = as(reader.username()).get(tokenPath("repository:" + repository + ":pull,push"));

        assertThat(response.statusCode()).isEqualTo(200);
        String token = json(response).get("token").asString();
        assertThat(access(token)).containsExactly(Map.entry("repository:" + repository, List.of("pull")));
        HttpResponse<byte[]> push = registry.withBearer(token).send("PUT", "/v2/" + repository + "/manifests/v1",
                image.manifest(), "Content-Type", OCI_MANIFEST);
        assertChallenge(push, "DENIED", "repository:" + repository + ":pull,push", "insufficient_scope");
        assertThat(tagDigest(repository, "v1")).isNull();
    }

    @Test
    void get_repeatedScopeParameters_grantsEachAndMergesSplitActions() {
        String namespace = privateNamespace();
        UserAccount writer = member("writer", namespace, Role.WRITER);
        String first = namespace + "/one";
        String second = namespace + "/two";

        String token = token(as(writer.username()), "repository:" + first + ":pull",
                "repository:" + second + ":pull", "repository:" + first + ":push");

        assertThat(access(token)).containsOnly(
                Map.entry("repository:" + first, List.of("pull", "push")),
                Map.entry("repository:" + second, List.of("pull")));
    }

    @Test
    void get_catalogScope_isGrantedToAnyone() {
        String anonymous = token(registry.anonymous(), "registry:catalog:*");
        String user = token(as(createUser(unique("cat")).username()), "registry:catalog:*");

        assertThat(access(anonymous)).containsExactly(Map.entry("registry:catalog", List.of("*")));
        assertThat(access(user)).containsExactly(Map.entry("registry:catalog", List.of("*")));
        assertThat(registry.withBearer(anonymous).get("/v2/_catalog").statusCode()).isEqualTo(200);
    }

    @Test
    void get_nameWithPortAndUnknownActions_grantsNothingForThem() {
        UserAccount user = createUser(unique("port"));

        String token = token(as(user.username()), "repository:host:5000/" + user.username() + "/app:pull",
                "repository:" + user.username() + "/app:frobnicate");

        assertThat(access(token)).isEmpty();
    }

    @Test
    void get_responseFields_tokenAccessTokenExpiresInAndRfc3339IssuedAt() {
        Instant before = Instant.now().minusSeconds(1);

        HttpResponse<byte[]> response = registry.get(tokenPath("repository:x/y:pull"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = json(response);
        assertThat(body.get("token").asString()).isNotEmpty().isEqualTo(body.get("access_token").asString());
        assertThat(body.get("expires_in").asLong()).isEqualTo(300);
        Instant issuedAt = OffsetDateTime.parse(body.get("issued_at").asString()).toInstant();
        assertThat(issuedAt).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(body.has("refresh_token")).isFalse();
    }

    @Test
    void get_wrongService_answers400WithoutToken() {
        HttpResponse<byte[]> response = registry.get("/token?service=elsewhere&scope=repository:x/y:pull");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asString()).isEqualTo("invalid_request");
        assertThat(json(response).has("token")).isFalse();
    }

    @Test
    void get_badPassword_answers401WithoutToken() {
        UserAccount user = createUser(unique("bad"));

        HttpResponse<byte[]> response = registry.withBasic(user.username(), "not-the-password")
                .get(tokenPath("repository:" + user.username() + "/app:pull"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("error").asString()).isEqualTo("invalid_grant");
        assertThat(json(response).has("token")).isFalse();
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void post_passwordGrant_issuesTokenForSpaceSeparatedScopes() {
        UserAccount user = createUser(unique("post"));
        String own = user.username() + "/app";
        String second = user.username() + "/other";

        HttpResponse<byte[]> response = postForm(Map.of("grant_type", "password", "client_id", "test",
                "service", "berth", "username", user.username(), "password", password(user.username()),
                "scope", "repository:" + own + ":pull,push repository:" + second + ":pull"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(access(body.get("access_token").asString())).containsOnly(
                Map.entry("repository:" + own, List.of("pull", "push")),
                Map.entry("repository:" + second, List.of("pull")));
        assertThat(body.has("refresh_token")).isFalse();
        Image image = blobsOf(own);
        assertThat(registry.withBearer(body.get("token").asString()).send("PUT", "/v2/" + own + "/manifests/v1",
                image.manifest(), "Content-Type", OCI_MANIFEST).statusCode()).isEqualTo(201);
    }

    @Test
    void post_passwordGrantWithOfflineAccess_alsoIssuesRefreshToken() {
        UserAccount user = createUser(unique("offline"));

        HttpResponse<byte[]> response = postForm(Map.of("grant_type", "password", "client_id", "test",
                "access_type", "offline", "username", user.username(), "password", password(user.username()),
                "scope", "repository:" + user.username() + "/app:pull"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("refresh_token").asString()).isNotEmpty();
    }

    @Test
    void post_refreshTokenGrant_fromOfflineToken_givesUsableToken() {
        UserAccount user = createUser(unique("refresh"));
        String repository = user.username() + "/app";
        Image image = pushImage(repository, "v1");
        JsonNode first = tokenResponse(as(user.username()), "repository:" + repository + ":pull");
        String refreshToken = first.get("refresh_token") == null ? null : first.get("refresh_token").asString();
        assertThat(refreshToken).isNull();
        HttpResponse<byte[]> offline = as(user.username())
                .get(tokenPath("repository:" + repository + ":pull") + "&offline_token=true&client_id=test");
        refreshToken = json(offline).get("refresh_token").asString();

        HttpResponse<byte[]> refreshed = postForm(Map.of("grant_type", "refresh_token", "client_id", "test",
                "refresh_token", refreshToken, "scope", "repository:" + repository + ":pull"));

        assertThat(refreshed.statusCode()).isEqualTo(200);
        String token = json(refreshed).get("token").asString();
        assertThat(access(token)).containsExactly(Map.entry("repository:" + repository, List.of("pull")));
        HttpResponse<byte[]> pulled = registry.withBearer(token).get("/v2/" + repository + "/manifests/v1",
                "Accept", OCI_MANIFEST);
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(pulled.body()).isEqualTo(image.manifest());
    }

    @Test
    void post_refreshTokenGrant_accessTokenRevokedSince_answers401() {
        UserAccount user = createUser(unique("revoked"));
        AccessTokens.Created created = accessTokens.create(user.id(), "ci", null, Set.of(Action.PULL), null);
        HttpResponse<byte[]> offline = registry.withBasic(user.username(), created.secret())
                .get(tokenPath("repository:" + user.username() + "/app:pull") + "&offline_token=true");
        assertThat(offline.statusCode()).isEqualTo(200);
        String refreshToken = json(offline).get("refresh_token").asString();
        accessTokens.revoke(created.token().id());

        HttpResponse<byte[]> refreshed = postForm(Map.of("grant_type", "refresh_token", "client_id", "test",
                "refresh_token", refreshToken, "scope", "repository:" + user.username() + "/app:pull"));

        assertThat(refreshed.statusCode()).isEqualTo(401);
        assertThat(json(refreshed).get("error").asString()).isEqualTo("invalid_grant");
        assertThat(json(refreshed).has("token")).isFalse();
    }

    @Test
    void post_refreshTokenGrant_withAccessTokenInstead_answers401() {
        String accessToken = token(registry, "repository:x/y:pull");

        HttpResponse<byte[]> refreshed = postForm(Map.of("grant_type", "refresh_token", "client_id", "test",
                "refresh_token", accessToken));

        assertThat(refreshed.statusCode()).isEqualTo(401);
        assertThat(json(refreshed).has("token")).isFalse();
    }

    @Test
    void post_withoutClientId_answers400() {
        HttpResponse<byte[]> response = postForm(Map.of("grant_type", "password", "username", "admin",
                "password", ADMIN_PASSWORD, "scope", "repository:x/y:pull"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asString()).isEqualTo("invalid_request");
        assertThat(json(response).has("token")).isFalse();
    }

    @Test
    void post_unsupportedGrantType_answers400() {
        HttpResponse<byte[]> response = postForm(Map.of("grant_type", "client_credentials", "client_id", "test",
                "scope", "repository:x/y:pull"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asString()).isEqualTo("unsupported_grant_type");
        assertThat(json(response).has("token")).isFalse();
    }

    private String publicNamespace() {
        String namespace = unique("pub");
        namespaces.setPublic(namespace, true);
        return namespace;
    }

    private String privateNamespace() {
        String namespace = unique("priv");
        namespaces.setPublic(namespace, false);
        return namespace;
    }

    private HttpResponse<byte[]> postForm(Map<String, String> fields) {
        StringBuilder form = new StringBuilder();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            form.append(form.isEmpty() ? "" : "&").append(field.getKey()).append('=')
                    .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
        }
        return registry.anonymous().send("POST", "/token", form.toString().getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");
    }

    /** A token's {@code access} claim as {@code type:name} to sorted actions, read without verifying it. */
    static Map<String, List<String>> access(String token) {
        try {
            Map<String, List<String>> grants = new LinkedHashMap<>();
            Object access = SignedJWT.parse(token).getJWTClaimsSet().getClaim("access");
            for (Object entry : (List<?>) access) {
                Map<?, ?> grant = (Map<?, ?>) entry;
                grants.put(grant.get("type") + ":" + grant.get("name"),
                        ((List<?>) grant.get("actions")).stream().map(Object::toString).sorted().toList());
            }
            return grants;
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

}
