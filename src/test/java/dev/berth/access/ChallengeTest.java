package dev.berth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.berth.auth.UserAccount;
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
    void mount_anonymous_challengesForTheSourcesPullAndATokenFromItMounts() {
        String namespace = unique("mnt");
        String source = namespace + "/source";
        String target = namespace + "/target";
        Image image = pushImage(source, "v1");
        String layer = json(registry.get("/v2/" + source + "/manifests/v1", "Accept", OCI_MANIFEST))
                .get("layers").get(0).get("digest").asString();
        String mountPath = "/v2/" + target + "/blobs/uploads/?mount=" + layer + "&from=" + source;

        HttpResponse<byte[]> challenged = registry.anonymous().send("POST", mountPath, null);

        String scope = "repository:" + target + ":pull,push repository:" + source + ":pull";
        assertChallenge(challenged, "UNAUTHORIZED", scope, null);
        assertThat(adminHead("/v2/" + target + "/blobs/" + layer)).isEqualTo(404);
        // A client that follows the challenge asks for exactly that scope, and can mount with the token.
        UserAccount writer = createUser(namespace);
        String token = token(as(writer.username()), scope);
        HttpResponse<byte[]> mounted = registry.withBearer(token).send("POST", mountPath, null);
        assertThat(mounted.statusCode()).as(RegistryClient.text(mounted)).isEqualTo(201);
        assertThat(adminHead("/v2/" + target + "/blobs/" + layer)).isEqualTo(200);
        assertThat(tagDigest(source, "v1")).isEqualTo(image.digest());
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
