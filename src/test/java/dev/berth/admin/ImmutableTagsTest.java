package dev.berth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.berth.support.RegistryClient;
import dev.berth.support.TestImages;

/** Immutable tags: the rules' API, and every way a tag could be moved or deleted, over HTTP. */
class ImmutableTagsTest extends AdminApiTestSupport {

    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @Test
    void pushManifest_toExistingImmutableTag_isDeniedForAdminsToo_andNothingChanges() {
        String ns = unique("imm");
        createNamespace(registry, ns);
        String repository = ns + "/app";
        byte[] first = image(repository);
        String firstDigest = registry.putManifest(repository, "v1", OCI_MANIFEST, first);
        addRule(registry, ns, "v*", null);
        byte[] second = image(repository);

        HttpResponse<byte[]> moved = registry.send("PUT", "/v2/" + repository + "/manifests/v1", second,
                "Content-Type", OCI_MANIFEST);

        assertOciError(moved, 403, "DENIED", "tag v1 is immutable (rule v* on namespace " + ns + ")");
        assertThat(digestOf(repository, "v1")).isEqualTo(firstDigest);
        assertThat(registry.head("/v2/" + repository + "/manifests/" + RegistryClient.sha256(second)).statusCode())
                .isEqualTo(404);
    }

    @Test
    void pushManifest_sameManifestAgainOrNewMatchingTag_isAccepted() {
        String ns = unique("imm");
        createNamespace(registry, ns);
        String repository = ns + "/app";
        addRule(registry, ns, "release-*", repository);
        byte[] manifest = image(repository);
        String digest = registry.putManifest(repository, "release-1", OCI_MANIFEST, manifest);

        registry.putManifest(repository, "release-1", OCI_MANIFEST, manifest);
        registry.putManifest(repository, "release-2", OCI_MANIFEST, image(repository));
        // Not matching: moves as usual.
        registry.putManifest(repository, "latest", OCI_MANIFEST, manifest);
        registry.putManifest(repository, "latest", OCI_MANIFEST, image(repository));

        assertThat(digestOf(repository, "release-1")).isEqualTo(digest);
        assertThat(registry.head("/v2/" + repository + "/manifests/release-2").statusCode()).isEqualTo(200);
    }

    @Test
    void repositoryRule_appliesToThatRepositoryOnly() {
        String ns = unique("imm");
        createNamespace(registry, ns);
        addRule(registry, ns, "stable", ns + "/app");
        registry.putManifest(ns + "/app", "stable", OCI_MANIFEST, image(ns + "/app"));
        registry.putManifest(ns + "/other", "stable", OCI_MANIFEST, image(ns + "/other"));

        registry.putManifest(ns + "/other", "stable", OCI_MANIFEST, image(ns + "/other"));
        HttpResponse<byte[]> moved = registry.send("PUT", "/v2/" + ns + "/app/manifests/stable", image(ns + "/app"),
                "Content-Type", OCI_MANIFEST);

        assertOciError(moved, 403, "DENIED", "tag stable is immutable (rule stable on repository " + ns + "/app)");
    }

    @Test
    void deleteByTag_immutable_isDenied_andTagStays() {
        String ns = unique("imm");
        createNamespace(registry, ns);
        String repository = ns + "/app";
        String digest = registry.putManifest(repository, "v1", OCI_MANIFEST, image(repository));
        addRule(registry, ns, "v*", null);

        assertOciError(registry.delete("/v2/" + repository + "/manifests/v1"), 403, "DENIED", "tag v1 is immutable");

        assertThat(digestOf(repository, "v1")).isEqualTo(digest);
    }

    @Test
    void deleteByDigest_ofManifestAnImmutableTagNames_isDenied_andManifestStays() {
        String ns = unique("imm");
        createNamespace(registry, ns);
        String repository = ns + "/app";
        String digest = registry.putManifest(repository, "v1", OCI_MANIFEST, image(repository));
        addRule(registry, ns, "v*", null);

        assertOciError(registry.delete("/v2/" + repository + "/manifests/" + digest), 403, "DENIED",
                "tag v1 is immutable");

        assertThat(digestOf(repository, "v1")).isEqualTo(digest);
        assertThat(registry.head("/v2/" + repository + "/manifests/" + digest).statusCode()).isEqualTo(200);
    }

    @Test
    void deleteByTagAndDigest_whenNoRuleMatches_stillWork() {
        String ns = unique("imm");
        createNamespace(registry, ns);
        String repository = ns + "/app";
        addRule(registry, ns, "v*", null);
        registry.putManifest(repository, "dev", OCI_MANIFEST, image(repository));
        String digest = registry.putManifest(repository, "nightly", OCI_MANIFEST, image(repository));

        assertThat(registry.delete("/v2/" + repository + "/manifests/dev").statusCode()).isEqualTo(202);
        assertThat(registry.delete("/v2/" + repository + "/manifests/" + digest).statusCode()).isEqualTo(202);
    }

    @Test
    void browseApiDeleteTag_immutable_isForbidden_andTagStays() {
        String ns = unique("imm");
        createNamespace(registry, ns);
        String repository = ns + "/app";
        String digest = registry.putManifest(repository, "v1", OCI_MANIFEST, image(repository));
        addRule(registry, ns, "v*", null);

        HttpResponse<byte[]> deleted = registry.delete("/api/v1/repositories/" + repository + "/tags/v1");

        JsonNode problem = assertProblem(deleted, 403);
        assertThat(problem.get("detail").asString()).contains("tag v1 is immutable (rule v* on namespace " + ns + ")");
        assertThat(digestOf(repository, "v1")).isEqualTo(digest);
    }

    @Test
    void browseApiDeleteRepository_withImmutableTag_isForbidden_andRepositoryStays() {
        String ns = unique("imm");
        createNamespace(registry, ns);
        String repository = ns + "/app";
        String digest = registry.putManifest(repository, "v1", OCI_MANIFEST, image(repository));
        addRule(registry, ns, "v*", null);

        HttpResponse<byte[]> deleted = registry.delete("/api/v1/repositories/" + repository);

        JsonNode problem = assertProblem(deleted, 403);
        assertThat(problem.get("detail").asString()).contains("tag v1 is immutable");
        assertThat(digestOf(repository, "v1")).isEqualTo(digest);
    }

    @Test
    void immutableTagsApi_listsAddsAndRemovesRules() {
        String ns = unique("imm");
        createNamespace(registry, ns);
        addRule(registry, ns, "v*", null);
        addRule(registry, ns, "release-*", ns + "/app");

        JsonNode rules = body(registry.get("/api/v1/namespaces/" + ns + "/immutable-tags"));

        assertThat(rules.size()).isEqualTo(2);
        assertThat(rules.get(0).get("pattern").asString()).isEqualTo("v*");
        assertThat(rules.get(0).get("repository").isNull()).isTrue();
        assertThat(rules.get(1).get("repository").asString()).isEqualTo(ns + "/app");
        assertThat(registry.delete("/api/v1/namespaces/" + ns + "/immutable-tags?pattern=v*").statusCode())
                .isEqualTo(204);
        assertThat(body(registry.get("/api/v1/namespaces/" + ns + "/immutable-tags")).size()).isEqualTo(1);
        // The tag can move again.
        String repository = ns + "/app";
        registry.putManifest(repository, "v1", OCI_MANIFEST, image(repository));
        registry.putManifest(repository, "v1", OCI_MANIFEST, image(repository));
    }

    @Test
    void immutableTagsApi_refusals_changeNothing() {
        String ns = unique("imm");
        createNamespace(registry, ns);
        addRule(registry, ns, "v*", null);
        String writerName = unique("writer");
        RegistryClient writer = createUser(writerName);
        addMember(registry, ns, writerName, "maintainer");

        assertProblem(json(writer, "POST", "/api/v1/namespaces/" + ns + "/immutable-tags", "{\"pattern\":\"x*\"}"),
                403);
        assertProblem(writer.delete("/api/v1/namespaces/" + ns + "/immutable-tags?pattern=v*"), 403);
        assertFieldError(json(registry, "POST", "/api/v1/namespaces/" + ns + "/immutable-tags",
                "{\"pattern\":\"v/1\"}"), "pattern");
        assertFieldError(json(registry, "POST", "/api/v1/namespaces/" + ns + "/immutable-tags",
                "{\"pattern\":\"v*\",\"repository\":\"elsewhere/app\"}"), "repository");
        assertProblem(json(registry, "POST", "/api/v1/namespaces/" + ns + "/immutable-tags",
                "{\"pattern\":\"v*\"}"), 409);
        assertProblem(registry.delete("/api/v1/namespaces/" + ns + "/immutable-tags?pattern=nope"), 404);
        assertProblem(writer.get("/api/v1/namespaces/" + unique("none") + "/immutable-tags"), 404);

        JsonNode rules = body(registry.get("/api/v1/namespaces/" + ns + "/immutable-tags"));
        assertThat(rules.size()).isEqualTo(1);
        assertThat(rules.get(0).get("pattern").asString()).isEqualTo("v*");
    }

    private void addRule(RegistryClient client, String ns, String pattern, String repository) {
        HttpResponse<byte[]> added = json(client, "POST", "/api/v1/namespaces/" + ns + "/immutable-tags",
                "{\"pattern\":\"" + pattern + "\"" + (repository == null ? "" : ",\"repository\":\"" + repository + "\"")
                        + "}");
        assertThat(added.statusCode()).as(RegistryClient.text(added)).isEqualTo(201);
        assertThat(body(added).get("pattern").asString()).isEqualTo(pattern);
    }

    /** Pushes a fresh config and layer and returns a manifest naming them. */
    private byte[] image(String repository) {
        byte[] config = ("{\"id\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] layer = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(repository, config);
        String layerDigest = registry.pushBlob(repository, layer);
        return TestImages.ociManifest(configDigest, config.length, layerDigest, Integer.toString(layer.length));
    }

    private String digestOf(String repository, String tag) {
        HttpResponse<byte[]> head = registry.head("/v2/" + repository + "/manifests/" + tag,
                "Accept", OCI_MANIFEST);
        assertThat(head.statusCode()).isEqualTo(200);
        return head.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    static void assertOciError(HttpResponse<byte[]> response, int status, String code, String detailStart) {
        assertThat(response.statusCode()).as(RegistryClient.text(response)).isEqualTo(status);
        JsonNode first = body(response).get("errors").get(0);
        assertThat(first.get("code").asString()).isEqualTo(code);
        String said = first.get("message").asString() + " " + first.get("detail").toString();
        assertThat(said).contains(detailStart);
    }
}
