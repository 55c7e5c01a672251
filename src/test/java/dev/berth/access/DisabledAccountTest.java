package dev.berth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.berth.auth.UserAccount;
import dev.berth.metadata.AccessTokenRows;
import dev.berth.support.RegistryClient;

/** Disabling an account ends its Basic logins, its token requests and its refresh tokens at once. */
class DisabledAccountTest extends AccessHttpTest {

    @Autowired
    private AccessTokenRows tokenRows;

    @Test
    void disabledUser_basicTokenAndRefresh_areAllRefused() {
        UserAccount user = createUser(unique("gone"));
        String repository = user.username() + "/app";
        Image image = pushImage(repository, "v1");
        assertThat(as(user.username()).get("/v2/" + repository + "/manifests/v1", "Accept", OCI_MANIFEST)
                .statusCode()).isEqualTo(200);
        HttpResponse<byte[]> offline = as(user.username())
                .get(tokenPath("repository:" + repository + ":pull") + "&offline_token=true");
        String refreshToken = json(offline).get("refresh_token").asString();

        users.change(user.id(), null, false);

        assertChallenge(as(user.username()).get("/v2/" + repository + "/manifests/v1"), "UNAUTHORIZED",
                "repository:" + repository + ":pull", "invalid_token");
        assertThat(as(user.username()).get(tokenPath("repository:" + repository + ":pull")).statusCode())
                .isEqualTo(401);
        HttpResponse<byte[]> refreshed = registry.anonymous().send("POST", "/token",
                ("grant_type=refresh_token&client_id=test&refresh_token="
                        + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(refreshed.statusCode()).isEqualTo(401);
        assertThat(json(refreshed).has("token")).isFalse();
        assertThat(tagDigest(repository, "v1")).isEqualTo(image.digest());
    }

    @Test
    void disabledUser_registryTokenBoughtBefore_canNoLongerPushDeleteOrMintTokens() {
        UserAccount user = createUser(unique("gone"));
        String repository = user.username() + "/app";
        Image image = pushImage(repository, "v1");
        Image next = blobsOf(repository);
        RegistryClient bearer = registry.withBearer(token(as(user.username()),
                "repository:" + repository + ":pull,push,delete", "account:self:*"));
        assertThat(bearer.head("/v2/" + repository + "/manifests/v1").statusCode()).isEqualTo(200);

        users.change(user.id(), null, false);

        HttpResponse<byte[]> pushed = bearer.send("PUT", "/v2/" + repository + "/manifests/v2", next.manifest(),
                "Content-Type", OCI_MANIFEST);
        HttpResponse<byte[]> deleted = bearer.delete("/v2/" + repository + "/manifests/" + image.digest());
        HttpResponse<byte[]> minted = bearer.send("POST", "/api/v1/users/" + user.username() + "/tokens",
                "{\"description\":\"after\"}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");

        assertChallenge(pushed, "UNAUTHORIZED", "repository:" + repository + ":pull,push", "invalid_token");
        assertChallenge(deleted, "UNAUTHORIZED", "repository:" + repository + ":delete", "invalid_token");
        assertThat(minted.statusCode()).isEqualTo(401);
        assertThat(tagDigest(repository, "v1")).isEqualTo(image.digest());
        assertThat(tagDigest(repository, "v2")).isNull();
        assertThat(tokenRows.countOfUser(user.id())).isZero();
    }
}
