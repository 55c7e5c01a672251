package dev.berth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/** The {@code WWW-Authenticate} challenge: where the token endpoint is, and what scope to ask for. */
class ChallengeTest extends AccessHttpTest {

    @Test
    void getBase_anonymous_challengesWithoutScope() {
        HttpResponse<byte[]> response = registry.anonymous().get("/v2/");

        assertChallenge(response, "UNAUTHORIZED", null, null);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .contains("Bearer realm=\"http://localhost:" + port + "/token\",service=\"berth\"");
    }

    @Test
    void getBase_withCredentials_answers200() {
        assertThat(registry.get("/v2/").statusCode()).isEqualTo(200);
    }

    @Test
    void getManifest_anonymous_challengesForPull() {
        String repository = unique("ch") + "/app";
        pushImage(repository, "v1");

        assertChallenge(registry.anonymous().get("/v2/" + repository + "/manifests/v1"), "UNAUTHORIZED",
                "repository:" + repository + ":pull", null);
    }

    @Test
    void putManifest_anonymous_challengesForPullAndPush() {
        String repository = unique("ch") + "/app";
        Image image = blobsOf(repository);

        HttpResponse<byte[]> response = registry.anonymous().send("PUT", "/v2/" + repository + "/manifests/v1",
                image.manifest(), "Content-Type", OCI_MANIFEST);

        assertChallenge(response, "UNAUTHORIZED", "repository:" + repository + ":pull,push", null);
        assertThat(tagDigest(repository, "v1")).isNull();
    }

    @Test
    void postUpload_anonymous_challengesForPullAndPush() {
        String repository = unique("ch") + "/app";

        HttpResponse<byte[]> response = registry.anonymous().send("POST", "/v2/" + repository + "/blobs/uploads/",
                null);

        assertChallenge(response, "UNAUTHORIZED", "repository:" + repository + ":pull,push", null);
        assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void deleteManifest_anonymous_challengesForDelete() {
        String repository = unique("ch") + "/app";
        Image image = pushImage(repository, "v1");

        assertChallenge(registry.anonymous().delete("/v2/" + repository + "/manifests/v1"), "UNAUTHORIZED",
                "repository:" + repository + ":delete", null);
        assertThat(tagDigest(repository, "v1")).isEqualTo(image.digest());
    }

    @Test
    void challenge_behindProxyWithFrameworkForwardedHeaders_namesTheForwardedHost(@TempDir Path dataDir) {
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir, "server.forward-headers-strategy=framework")) {
            RegistryClient anonymous = berth.client().anonymous();

            HttpResponse<byte[]> response = anonymous.get("/v2/", "X-Forwarded-Proto", "https",
                    "X-Forwarded-Host", "registry.example.com");

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .contains("Bearer realm=\"https://registry.example.com/token\",service=\"berth\"");
        }
    }

    @Test
    void challenge_withExternalUrl_namesItsTokenEndpoint(@TempDir Path dataDir) {
        try (StandaloneBerth berth = StandaloneBerth.start(dataDir, "berth.external-url=https://berth.example.org/")) {
            RegistryClient anonymous = berth.client().anonymous();

            HttpResponse<byte[]> base = anonymous.get("/v2/", "X-Forwarded-Host", "elsewhere.example.com");
            HttpResponse<byte[]> manifest = anonymous.get("/v2/team/app/manifests/v1");

            assertThat(base.headers().firstValue("WWW-Authenticate"))
                    .contains("Bearer realm=\"https://berth.example.org/token\",service=\"berth\"");
            assertThat(manifest.headers().firstValue("WWW-Authenticate")).contains(
                    "Bearer realm=\"https://berth.example.org/token\",service=\"berth\",scope=\"repository:team/app:pull\"");
        }
    }
}
