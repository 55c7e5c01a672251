package dev.berth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.berth.auth.AccessTokens;
import dev.berth.auth.Action;
import dev.berth.auth.Role;
import dev.berth.auth.UserAccount;
import dev.berth.support.RegistryClient;

/** An access token narrows its owner's rights to one namespace and some actions; never widens them. */
class AccessTokenRestrictionTest extends AccessHttpTest {

    private UserAccount user;
    private String team;
    private String elsewhere;

    @BeforeEach
    void maintainerOfTwoNamespaces() {
        user = createUser(unique("robotic"));
        team = unique("team");
        elsewhere = unique("elsewhere");
        namespaces.setMember(team, user.id(), Role.MAINTAINER);
        namespaces.setMember(elsewhere, user.id(), Role.MAINTAINER);
        namespaces.setPublic(team, false);
        namespaces.setPublic(elsewhere, false);
    }

    @Test
    void basic_pullOnlyTokenForNamespace_pullsThereAndNothingElse() {
        String repository = team + "/app";
        Image image = pushImage(repository, "v1");
        String other = elsewhere + "/app";
        pushImage(other, "v1");
        RegistryClient client = registry.withBasic(user.username(),
                accessTokens.create(user.id(), "ci", team, Set.of(Action.PULL), null).secret());
        Image next = blobsOf(repository);

        HttpResponse<byte[]> pull = client.get("/v2/" + repository + "/manifests/v1", "Accept", OCI_MANIFEST);
        HttpResponse<byte[]> push = client.send("PUT", "/v2/" + repository + "/manifests/v2", next.manifest(),
                "Content-Type", OCI_MANIFEST);
        HttpResponse<byte[]> delete = client.delete("/v2/" + repository + "/manifests/v1");
        HttpResponse<byte[]> pullElsewhere = client.get("/v2/" + other + "/manifests/v1");

        assertThat(pull.statusCode()).isEqualTo(200);
        assertThat(pull.body()).isEqualTo(image.manifest());
        assertChallenge(push, "DENIED", "repository:" + repository + ":pull,push", "insufficient_scope");
        assertChallenge(delete, "DENIED", "repository:" + repository + ":delete", "insufficient_scope");
        assertChallenge(pullElsewhere, "DENIED", "repository:" + other + ":pull", "insufficient_scope");
        assertThat(tagDigest(repository, "v2")).isNull();
        assertThat(tagDigest(repository, "v1")).isEqualTo(image.digest());
    }

    @Test
    void basic_pushTokenWithoutDelete_cannotMoveTags() {
        String repository = team + "/app";
        Image image = pushImage(repository, "v1");
        Image next = blobsOf(repository);
        RegistryClient client = registry.withBasic(user.username(),
                accessTokens.create(user.id(), "ci", null, Set.of(Action.PULL, Action.PUSH), null).secret());

        HttpResponse<byte[]> move = client.send("PUT", "/v2/" + repository + "/manifests/v1", next.manifest(),
                "Content-Type", OCI_MANIFEST);

        assertThat(move.statusCode()).isEqualTo(403);
        assertThat(errorCode(move)).isEqualTo("DENIED");
        assertThat(tagDigest(repository, "v1")).isEqualTo(image.digest());
    }

    @Test
    void token_requestedWithNarrowAccessToken_carriesOnlyTheIntersection() {
        String secret = accessTokens.create(user.id(), "ci", team, Set.of(Action.PULL, Action.PUSH), null).secret();

        String token = token(registry.withBasic(user.username(), secret),
                "repository:" + team + "/app:pull,push,delete", "repository:" + elsewhere + "/app:pull");

        assertThat(TokenEndpointTest.access(token)).containsExactly(
                Map.entry("repository:" + team + "/app", List.of("pull", "push")));
    }

    @Test
    void catalog_withNarrowAccessToken_listsOnlyItsNamespace() {
        pushImage(team + "/app", "v1");
        pushImage(elsewhere + "/app", "v1");
        RegistryClient client = registry.withBasic(user.username(),
                accessTokens.create(user.id(), "ci", team, Set.of(Action.PULL), null).secret());

        HttpResponse<byte[]> response = client.get("/v2/_catalog?n=10000");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> listed = new ArrayList<>();
        for (JsonNode name : json(response).get("repositories")) {
            listed.add(name.asString());
        }
        assertThat(listed).contains(team + "/app").doesNotContain(elsewhere + "/app");
    }

    @Test
    void basic_accessTokenOfAnotherUser_isRefused() {
        UserAccount other = createUser(unique("other"));
        AccessTokens.Created created = accessTokens.create(other.id(), "ci", null, Set.of(Action.PULL), null);
        pushImage(team + "/app", "v1");

        HttpResponse<byte[]> response = registry.withBasic(user.username(), created.secret())
                .get("/v2/" + team + "/app/manifests/v1");

        assertChallenge(response, "UNAUTHORIZED", "repository:" + team + "/app:pull", "invalid_token");
    }
}
