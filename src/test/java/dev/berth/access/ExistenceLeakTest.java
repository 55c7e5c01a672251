package dev.berth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.berth.auth.UserAccount;
import dev.berth.support.RegistryClient;

/**
 * A caller learns nothing about repositories it may not pull: not by mounting from them, not by
 * asking for a blob, not by pushing a digest it does not have the bytes of.
 */
class ExistenceLeakTest extends AccessHttpTest {

    private UserAccount user;
    private String mine;
    private String hidden;
    private String secretDigest;
    private byte[] secret;

    @BeforeEach
    void privateBlobElsewhere() {
        user = createUser(unique("leak"));
        mine = user.username() + "/app";
        String otherNamespace = unique("other");
        namespaces.setPublic(otherNamespace, false);
        hidden = otherNamespace + "/app";
        secret = randomBytes(512);
        secretDigest = registry.pushBlob(hidden, secret);
    }

    @Test
    void mount_fromRepositoryCallerCannotPull_opensPlainSessionAndLinksNothing() {
        HttpResponse<byte[]> response = as(user.username()).send("POST",
                "/v2/" + mine + "/blobs/uploads/?mount=" + secretDigest + "&from=" + hidden, null);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).startsWith("/v2/" + mine + "/blobs/uploads/"));
        assertThat(response.headers().firstValue("Docker-Content-Digest")).isEmpty();
        assertThat(adminHead("/v2/" + mine + "/blobs/" + secretDigest)).isEqualTo(404);
    }

    @Test
    void mount_withBearerTokenFromRepositoryCallerCannotPull_opensPlainSession() {
        String token = token(as(user.username()), "repository:" + mine + ":pull,push",
                "repository:" + hidden + ":pull");

        HttpResponse<byte[]> response = registry.withBearer(token).send("POST",
                "/v2/" + mine + "/blobs/uploads/?mount=" + secretDigest + "&from=" + hidden, null);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(adminHead("/v2/" + mine + "/blobs/" + secretDigest)).isEqualTo(404);
    }

    @Test
    void mount_fromPublicRepository_mounts() {
        String open = openRepository();
        String digest = registry.pushBlob(open, randomBytes(300));

        HttpResponse<byte[]> response = as(user.username()).send("POST",
                "/v2/" + mine + "/blobs/uploads/?mount=" + digest + "&from=" + open, null);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(adminHead("/v2/" + mine + "/blobs/" + digest)).isEqualTo(200);
    }

    @Test
    void mount_withoutFromOfBlobOnlyInRepositoryCallerCannotPull_opensPlainSessionAndLinksNothing() {
        HttpResponse<byte[]> response = as(user.username()).send("POST",
                "/v2/" + mine + "/blobs/uploads/?mount=" + secretDigest, null);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Docker-Content-Digest")).isEmpty();
        assertThat(adminHead("/v2/" + mine + "/blobs/" + secretDigest)).isEqualTo(404);
    }

    @Test
    void mount_withoutFromOfBlobAlsoInAReadableRepository_mountsFromThatOne() {
        String publicNamespace = unique("public");
        assertThat(publicNamespace).isGreaterThan(hidden);
        namespaces.setPublic(publicNamespace, true);
        registry.pushBlob(publicNamespace + "/app", secret);

        HttpResponse<byte[]> response = as(user.username()).send("POST",
                "/v2/" + mine + "/blobs/uploads/?mount=" + secretDigest, null);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(as(user.username()).get("/v2/" + mine + "/blobs/" + secretDigest).body()).isEqualTo(secret);
    }

    @Test
    void mount_withoutFromByBearerTokenNotGrantingTheHolder_opensPlainSession() {
        String open = openRepository();
        String digest = registry.pushBlob(open, randomBytes(200));
        String token = token(as(user.username()), "repository:" + mine + ":pull,push");

        HttpResponse<byte[]> response = registry.withBearer(token).send("POST",
                "/v2/" + mine + "/blobs/uploads/?mount=" + digest, null);

        // The token is the upper bound of what the request may do, even where the account could read more.
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(adminHead("/v2/" + mine + "/blobs/" + digest)).isEqualTo(404);
    }

    @Test
    void mount_withoutFromByBearerTokenGrantingPullOnAHolder_mounts() {
        String open = openRepository();
        byte[] content = randomBytes(250);
        String digest = registry.pushBlob(open, content);
        String token = token(as(user.username()), "repository:" + mine + ":pull,push", "repository:" + open + ":pull");

        HttpResponse<byte[]> response = registry.withBearer(token).send("POST",
                "/v2/" + mine + "/blobs/uploads/?mount=" + digest, null);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(as(user.username()).get("/v2/" + mine + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void mount_withoutFromOfBlobInPublicRepository_mounts() {
        String digest = registry.pushBlob(openRepository(), randomBytes(300));

        HttpResponse<byte[]> response = as(user.username()).send("POST",
                "/v2/" + mine + "/blobs/uploads/?mount=" + digest, null);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(adminHead("/v2/" + mine + "/blobs/" + digest)).isEqualTo(200);
    }

    @Test
    void headBlob_inRepositoryCallerCannotPull_isDenied() {
        RegistryClient client = as(user.username());

        HttpResponse<byte[]> head = client.head("/v2/" + hidden + "/blobs/" + secretDigest);
        HttpResponse<byte[]> get = client.get("/v2/" + hidden + "/blobs/" + secretDigest);

        assertChallenge(head, "DENIED", "repository:" + hidden + ":pull", "insufficient_scope");
        assertChallenge(get, "DENIED", "repository:" + hidden + ":pull", "insufficient_scope");
        assertThat(get.body()).asString().doesNotContain("Docker-Content-Digest");
        assertThat(head.headers().firstValue("Docker-Content-Digest")).isEmpty();
    }

    @Test
    void headBlob_unknownAndHiddenDigest_answerTheSame() {
        RegistryClient client = as(user.username());
        String unknown = RegistryClient.sha256(randomBytes(16));

        HttpResponse<byte[]> known = client.get("/v2/" + hidden + "/blobs/" + secretDigest);
        HttpResponse<byte[]> absent = client.get("/v2/" + hidden + "/blobs/" + unknown);

        assertThat(absent.statusCode()).isEqualTo(known.statusCode());
        assertThat(errorCode(absent)).isEqualTo(errorCode(known));
    }

    @Test
    void monolithicPost_digestKnownElsewhereWithWrongBytes_answersDigestInvalidAndLinksNothing() {
        byte[] wrong = randomBytes(secret.length);

        HttpResponse<byte[]> response = as(user.username()).send("POST",
                "/v2/" + mine + "/blobs/uploads/?digest=" + secretDigest, wrong,
                "Content-Type", "application/octet-stream");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorCode(response)).isEqualTo("DIGEST_INVALID");
        assertThat(adminHead("/v2/" + mine + "/blobs/" + secretDigest)).isEqualTo(404);
    }

    @Test
    void monolithicPost_digestKnownElsewhereWithEmptyBody_answersDigestInvalidAndLinksNothing() {
        HttpResponse<byte[]> response = as(user.username()).send("POST",
                "/v2/" + mine + "/blobs/uploads/?digest=" + secretDigest, new byte[0],
                "Content-Type", "application/octet-stream");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorCode(response)).isEqualTo("DIGEST_INVALID");
        assertThat(adminHead("/v2/" + mine + "/blobs/" + secretDigest)).isEqualTo(404);
    }

    @Test
    void putManifest_referencingBlobOnlyInHiddenRepository_answersManifestBlobUnknown() {
        byte[] manifest = dev.berth.support.TestImages.ociManifest(secretDigest, secret.length);

        HttpResponse<byte[]> response = as(user.username()).send("PUT", "/v2/" + mine + "/manifests/v1", manifest,
                "Content-Type", OCI_MANIFEST);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(errorCode(response)).isEqualTo("MANIFEST_BLOB_UNKNOWN");
        assertThat(tagDigest(mine, "v1")).isNull();
        assertThat(adminHead("/v2/" + mine + "/blobs/" + secretDigest)).isEqualTo(404);
    }

    @Test
    void uploadSession_ofAnotherRepository_isUnknownThroughTheCallersOwn() {
        HttpResponse<byte[]> started = registry.send("POST", "/v2/" + hidden + "/blobs/uploads/", null);
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        byte[] content = randomBytes(64);
        String digest = RegistryClient.sha256(content);

        HttpResponse<byte[]> hijacked = as(user.username()).send("PUT",
                "/v2/" + mine + "/blobs/uploads/" + id + "?digest=" + digest, content,
                "Content-Type", "application/octet-stream");
        HttpResponse<byte[]> direct = as(user.username()).send("PUT",
                "/v2/" + hidden + "/blobs/uploads/" + id + "?digest=" + digest, content,
                "Content-Type", "application/octet-stream");

        assertThat(hijacked.statusCode()).isEqualTo(404);
        assertThat(errorCode(hijacked)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        assertChallenge(direct, "DENIED", "repository:" + hidden + ":pull,push", "insufficient_scope");
        assertThat(adminHead("/v2/" + mine + "/blobs/" + digest)).isEqualTo(404);
        assertThat(adminHead("/v2/" + hidden + "/blobs/" + digest)).isEqualTo(404);
        assertThat(registry.get(location).statusCode()).isEqualTo(204);
    }

    private String openRepository() {
        String publicNamespace = unique("open");
        namespaces.setPublic(publicNamespace, true);
        return publicNamespace + "/app";
    }
}
