package dev.berth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.auth.AccessTokens;
import dev.berth.auth.Namespaces;
import dev.berth.auth.Role;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.support.BerthHttpTest;
import dev.berth.support.RegistryClient;
import dev.berth.support.TestImages;

/**
 * What the access tests share: accounts and namespaces made through the domain beans (the admin
 * API is not what these tests are about), token requests, small images, and the challenge a
 * refusal must carry.
 */
abstract class AccessHttpTest extends BerthHttpTest {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    protected Users users;
    @Autowired
    protected Namespaces namespaces;
    @Autowired
    protected AccessTokens accessTokens;

    /** A name no other test uses: letters and digits only, so it is a valid username and namespace. */
    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** Each test user's password: derived from the name, so a test can log in as anyone it created. */
    static String password(String username) {
        return "pw-" + username + "-Secret";
    }

    UserAccount createUser(String username) {
        return users.create(username, password(username), false);
    }

    /** A new user holding {@code role} in {@code namespace} (no role when null). */
    UserAccount member(String prefix, String namespace, Role role) {
        UserAccount account = createUser(unique(prefix));
        if (role != null) {
            namespaces.setMember(namespace, account.id(), role);
        }
        return account;
    }

    RegistryClient as(String username) {
        return registry.withBasic(username, password(username));
    }

    /** {@code GET /token} with the client's credentials (none when anonymous); fails unless 200. */
    JsonNode tokenResponse(RegistryClient client, String... scopes) {
        HttpResponse<byte[]> response = client.get(tokenPath(scopes));
        assertThat(response.statusCode()).as(RegistryClient.text(response)).isEqualTo(200);
        return json(response);
    }

    String token(RegistryClient client, String... scopes) {
        return tokenResponse(client, scopes).get("token").asString();
    }

    static String tokenPath(String... scopes) {
        StringBuilder path = new StringBuilder("/token?service=berth");
        for (String scope : scopes) {
            path.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        return path.toString();
    }

    static JsonNode json(HttpResponse<byte[]> response) {
        return JSON.readTree(response.body());
    }

    /** The spec's error code of a response, or null when its body is no error document. */
    static String errorCode(HttpResponse<byte[]> response) {
        try {
            return json(response).get("errors").get(0).get("code").asString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    String realm() {
        return "http://localhost:" + port + "/token";
    }

    /** A 401 with the spec's error code and {@code WWW-Authenticate} naming exactly this scope and error. */
    void assertChallenge(HttpResponse<byte[]> response, String code, String scope, String error) {
        assertThat(response.statusCode()).as(RegistryClient.text(response)).isEqualTo(401);
        if (!"HEAD".equals(response.request().method())) {
            assertThat(errorCode(response)).isEqualTo(code);
        }
        StringBuilder expected = new StringBuilder("Bearer realm=\"").append(realm()).append("\",service=\"berth\"");
        if (scope != null) {
            expected.append(",scope=\"").append(scope).append('"');
        }
        if (error != null) {
            expected.append(",error=\"").append(error).append('"');
        }
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains(expected.toString());
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    /** An image whose blobs are pushed, its manifest bytes and digest (the manifest itself maybe not). */
    record Image(byte[] manifest, String digest) {
    }

    /** Pushes the config and one layer as admin, and returns the manifest without pushing it. */
    Image blobsOf(String repository) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"n\":\"" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] layer = randomBytes(256);
        String configDigest = registry.pushBlob(repository, config);
        String layerDigest = registry.pushBlob(repository, layer);
        byte[] manifest = TestImages.ociManifest(configDigest, config.length, layerDigest,
                Integer.toString(layer.length));
        return new Image(manifest, RegistryClient.sha256(manifest));
    }

    /** Pushes a whole image as admin under {@code tag}. */
    Image pushImage(String repository, String tag) {
        Image image = blobsOf(repository);
        registry.putManifest(repository, tag, OCI_MANIFEST, image.manifest());
        return image;
    }

    /** The digest a tag names, read as admin; null when the tag does not exist. */
    String tagDigest(String repository, String tag) {
        HttpResponse<byte[]> response = registry.head("/v2/" + repository + "/manifests/" + tag);
        return response.statusCode() == 200 ? response.headers().firstValue("Docker-Content-Digest").orElseThrow()
                : null;
    }

    /** The status a HEAD by admin gets for a path: 200 present, 404 absent. */
    int adminHead(String path) {
        return registry.head(path).statusCode();
    }
}
