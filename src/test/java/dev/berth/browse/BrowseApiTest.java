package dev.berth.browse;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;


import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.auth.Namespaces;
import dev.berth.auth.Role;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.support.BerthHttpTest;
import dev.berth.support.StatementCounter;
import dev.berth.support.RegistryClient;

class BrowseApiTest extends BerthHttpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    @Autowired
    Users users;
    @Autowired
    Namespaces namespaces;
    @Autowired
    StatementCounter statements;

    @Test
    void repositories_listOnlyMatchingNames_withCountsSizesAndPaging() {
        String namespace = "ns" + suffix();
        Image app = pushImage(namespace + "/app", "v1", "linux", "amd64");
        pushImage(namespace + "/app", "v2", "linux", "amd64");
        pushImage(namespace + "/db", "v1", "linux", "arm64");

        HttpResponse<byte[]> first = registry.get("/api/v1/repositories?q=" + namespace + "&size=1");

        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode page = json(first);
        assertThat(page.path("total").asLong()).isEqualTo(2);
        assertThat(page.path("items")).hasSize(1);
        JsonNode repository = page.path("items").get(0);
        assertThat(repository.path("name").asString()).isEqualTo(namespace + "/app");
        assertThat(repository.path("tagCount").asLong()).isEqualTo(2);
        assertThat(repository.path("sizeBytes").asLong()).isGreaterThan(app.layerSize + app.configSize);
        assertThat(repository.path("lastPushedAt").asString()).isNotEmpty();
        assertThat(first.headers().allValues("Link")).anySatisfy(link -> assertThat(link)
                .contains("page=1").contains("rel=\"next\""));

        JsonNode second = json(registry.get("/api/v1/repositories?q=" + namespace + "&size=1&page=1"));
        assertThat(second.path("items").get(0).path("name").asString()).isEqualTo(namespace + "/db");
    }

    @Test
    void repository_sharedLayers_countOnceInSizeAndForEveryImageInTotal() {
        String repository = "ns" + suffix() + "/shared";
        Image first = pushImage(repository, "v1", "linux", "amd64");
        // A second image on the same layer and config, told apart by an annotation.
        byte[] second = new String(first.manifest, StandardCharsets.UTF_8)
                .replace("\"layers\"", "\"annotations\":{\"build\":\"2\"},\"layers\"").getBytes(StandardCharsets.UTF_8);
        registry.putManifest(repository, "v2", OCI_MANIFEST, second);

        JsonNode summary = json(registry.get("/api/v1/repositories/" + repository));

        long blobs = first.configSize + first.layerSize;
        assertThat(summary.path("sizeBytes").asLong()).isEqualTo(first.manifestSize + second.length + blobs);
        assertThat(summary.path("totalBytes").asLong()).isEqualTo(first.manifestSize + second.length + 2 * blobs);
    }

    @Test
    void tags_showDigestSizePlatformCreatedAndReferrers() {
        String repository = "ns" + suffix() + "/app";
        Image image = pushImage(repository, "v1", "linux", "arm64");
        String signature = pushReferrer(repository, image);

        JsonNode tags = json(registry.get("/api/v1/repositories/" + repository + "/tags"));

        assertThat(tags.path("total").asLong()).isEqualTo(1);
        JsonNode tag = tags.path("items").get(0);
        assertThat(tag.path("name").asString()).isEqualTo("v1");
        assertThat(tag.path("digest").asString()).isEqualTo(image.digest);
        assertThat(tag.path("mediaType").asString()).isEqualTo(OCI_MANIFEST);
        assertThat(tag.path("sizeBytes").asLong()).isEqualTo(image.manifestSize + image.configSize + image.layerSize);
        assertThat(tag.path("platforms").get(0).path("os").asString()).isEqualTo("linux");
        assertThat(tag.path("platforms").get(0).path("architecture").asString()).isEqualTo("arm64");
        assertThat(tag.path("createdAt").asString()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(tag.path("pushedAt").asString()).isNotEmpty();
        assertThat(tag.path("referrers").path("count").asInt()).isEqualTo(1);
        assertThat(tag.path("referrers").path("artifactTypes").get(0).asString())
                .isEqualTo("application/vnd.example.signature");
        assertThat(signature).startsWith("sha256:");
    }

    @Test
    void tags_ofIndex_listEachChildsPlatformAndWholeSize() {
        String repository = "ns" + suffix() + "/multi";
        Image amd = pushImage(repository, "amd", "linux", "amd64");
        Image arm = pushImage(repository, "arm", "linux", "arm64");
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":["
                + child(amd, "amd64") + "," + child(arm, "arm64") + "]}").getBytes(StandardCharsets.UTF_8);
        registry.putManifest(repository, "both", OCI_INDEX, index);

        JsonNode tags = json(registry.get("/api/v1/repositories/" + repository + "/tags?q=both"));

        JsonNode tag = tags.path("items").get(0);
        assertThat(tag.path("mediaType").asString()).isEqualTo(OCI_INDEX);
        assertThat(tag.path("platforms")).hasSize(2);
        assertThat(tag.path("platforms").get(1).path("architecture").asString()).isEqualTo("arm64");
        assertThat(tag.path("sizeBytes").asLong()).isEqualTo(index.length
                + amd.manifestSize + amd.configSize + amd.layerSize + arm.manifestSize + arm.configSize + arm.layerSize);
    }

    @Test
    void manifest_showsConfigSummaryWithoutEnvValues_historySizes_tagsAndReferrers() {
        String repository = "ns" + suffix() + "/app";
        Image image = pushImage(repository, "v1", "linux", "amd64");
        pushReferrer(repository, image);

        HttpResponse<byte[]> response = registry.get("/api/v1/repositories/" + repository + "/manifests/v1");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode manifest = json(response);
        assertThat(manifest.path("digest").asString()).isEqualTo(image.digest);
        assertThat(manifest.path("layers").get(0).path("size").asLong()).isEqualTo(image.layerSize);
        JsonNode config = manifest.path("image");
        assertThat(config.path("architecture").asString()).isEqualTo("amd64");
        assertThat(config.path("entrypoint").get(0).asString()).isEqualTo("/app");
        assertThat(config.path("envNames").get(0).asString()).isEqualTo("SECRET_TOKEN");
        assertThat(text(response)).doesNotContain("hunter2");
        assertThat(config.path("exposedPorts").get(0).asString()).isEqualTo("8080/tcp");
        assertThat(config.path("labels").path("team").asString()).isEqualTo("infra");
        assertThat(config.path("history").get(0).path("emptyLayer").asBoolean()).isTrue();
        assertThat(config.path("history").get(1).path("layerSize").asLong()).isEqualTo(image.layerSize);
        assertThat(manifest.path("tags").get(0).asString()).isEqualTo("v1");
        assertThat(manifest.path("referrers")).hasSize(1);
    }

    @Test
    void reader_seesOnlyWhatItMayPull_andCannotDelete() {
        String namespace = "ns" + suffix();
        String hidden = "ns" + suffix();
        pushImage(namespace + "/app", "v1", "linux", "amd64");
        pushImage(hidden + "/app", "v1", "linux", "amd64");
        RegistryClient reader = userWithRole(namespace, Role.READER);

        JsonNode visible = json(reader.get("/api/v1/repositories?q=ns"));
        assertThat(visible.path("items").findValuesAsString("name")).contains(namespace + "/app")
                .doesNotContain(hidden + "/app");
        assertThat(reader.get("/api/v1/repositories/" + hidden + "/app/tags").statusCode()).isEqualTo(404);

        HttpResponse<byte[]> refused = reader.delete("/api/v1/repositories/" + namespace + "/app/tags/v1");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(refused).path("status").asInt()).isEqualTo(403);
        assertThat(registry.get("/v2/" + namespace + "/app/manifests/v1",
                "Accept", OCI_MANIFEST).statusCode()).isEqualTo(200);
    }

    @Test
    void maintainer_deletesTagThenRepository() {
        String namespace = "ns" + suffix();
        String repository = namespace + "/app";
        pushImage(repository, "v1", "linux", "amd64");
        pushImage(repository, "v2", "linux", "amd64");
        RegistryClient maintainer = userWithRole(namespace, Role.MAINTAINER);

        assertThat(maintainer.delete("/api/v1/repositories/" + repository + "/tags/v1").statusCode()).isEqualTo(204);
        assertThat(json(registry.get("/api/v1/repositories/" + repository + "/tags")).path("items")
                .findValuesAsString("name")).containsExactly("v2");

        assertThat(maintainer.delete("/api/v1/repositories/" + repository).statusCode()).isEqualTo(204);
        assertThat(registry.get("/api/v1/repositories/" + repository).statusCode()).isEqualTo(404);
        assertThat(registry.get("/v2/" + repository + "/tags/list").statusCode()).isEqualTo(404);
    }

    @Test
    void tags_sortByNameOrByLastPush_pageInThatOrder() {
        String repository = "ns" + suffix() + "/sorted";
        Image image = pushImage(repository, "beta", "linux", "amd64");
        for (String tag : List.of("alpha", "gamma")) {
            registry.putManifest(repository, tag, OCI_MANIFEST, image.manifest);
        }
        pushImage(repository, "beta", "linux", "arm64");   // moved to another image: now the newest

        assertThat(tagNames(repository, "sort=name&size=2")).containsExactly("alpha", "beta");
        assertThat(tagNames(repository, "sort=name&size=2&page=1")).containsExactly("gamma");
        assertThat(tagNames(repository, "sort=pushed&size=2")).containsExactly("beta", "gamma");
        assertThat(tagNames(repository, "sort=pushed&size=2&page=1")).containsExactly("alpha");
    }

    private List<String> tagNames(String repository, String query) {
        JsonNode page = json(registry.get("/api/v1/repositories/" + repository + "/tags?" + query));
        assertThat(page.path("total").asLong()).isEqualTo(3);
        return page.path("items").valueStream().map(item -> item.path("name").asString()).toList();
    }

    @Test
    void badPaging_answersProblemDetails() {
        String repository = "ns" + suffix() + "/app";
        pushImage(repository, "v1", "linux", "amd64");

        for (String query : List.of("size=0", "size=101", "page=-1", "sort=bogus", "page=x")) {
            HttpResponse<byte[]> response = registry.get("/api/v1/repositories/" + repository + "/tags?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(query).hasValue("application/problem+json");
        }
        assertThat(registry.anonymous().get("/api/v1/repositories/" + repository + "/tags").statusCode())
                .isEqualTo(401);
    }

    @Test
    void thousandTags_pageCostsAFixedNumberOfQueries() {
        String repository = "ns" + suffix() + "/many";
        Image image = pushImage(repository, "base", "linux", "amd64");
        for (int batch = 0; batch < 4; batch++) {
            StringBuilder tags = new StringBuilder();
            for (int i = 0; i < 250; i++) {
                tags.append(tags.isEmpty() ? "?" : "&").append("tag=t").append(String.format("%04d", batch * 250 + i));
            }
            assertThat(registry.send("PUT", "/v2/" + repository + "/manifests/" + image.digest + tags,
                    image.manifest, "Content-Type", OCI_MANIFEST).statusCode()).isEqualTo(201);
        }
        registry.get("/api/v1/repositories/" + repository + "/tags?size=100");   // warm the config cache
        statements.reset();

        HttpResponse<byte[]> response = registry.get("/api/v1/repositories/" + repository + "/tags?size=100&page=3");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode page = json(response);
        assertThat(page.path("total").asLong()).isEqualTo(1001);
        assertThat(page.path("items")).hasSize(100);
        assertThat(page.path("items").get(0).path("name").asString()).isEqualTo("t0299");
        // Finding the repository, counting, the page, index children, referrers: no query per tag.
        assertThat(statements.count()).isLessThanOrEqualTo(6);
    }

    // ---------------------------------------------------------------- set-up

    private record Image(String digest, byte[] manifest, long manifestSize, long configSize, long layerSize) {
    }

    private Image pushImage(String repository, String tag, String os, String architecture) {
        byte[] layer = ("layer of " + repository + " " + tag + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String layerDigest = registry.pushBlob(repository, layer);
        byte[] config = ("{\"architecture\":\"" + architecture + "\",\"os\":\"" + os + "\","
                + "\"created\":\"2026-01-02T03:04:05Z\",\"config\":{\"Entrypoint\":[\"/app\"],"
                + "\"Env\":[\"SECRET_TOKEN=hunter2\",\"PATH=/bin\"],\"ExposedPorts\":{\"8080/tcp\":{}},"
                + "\"Labels\":{\"team\":\"infra\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layerDigest
                + "\"]},\"history\":[{\"created_by\":\"ARG x\",\"empty_layer\":true},{\"created_by\":\"COPY app\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = registry.pushBlob(repository, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\"" + layerDigest + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        String digest = registry.putManifest(repository, tag, OCI_MANIFEST, manifest);
        return new Image(digest, manifest, manifest.length, config.length, layer.length);
    }

    private String pushReferrer(String repository, Image subject) {
        String empty = registry.pushBlob(repository, "{}".getBytes(StandardCharsets.UTF_8));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\","
                + "\"artifactType\":\"application/vnd.example.signature\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + empty + "\",\"size\":2},\"layers\":[],"
                + "\"subject\":{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + subject.digest + "\",\"size\":"
                + subject.manifestSize + "}}").getBytes(StandardCharsets.UTF_8);
        return registry.putManifest(repository, RegistryClient.sha256(manifest), OCI_MANIFEST, manifest);
    }

    private static String child(Image image, String architecture) {
        return "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + image.digest + "\",\"size\":"
                + image.manifestSize + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"" + architecture + "\"}}";
    }

    private RegistryClient userWithRole(String namespace, Role role) {
        String username = "u" + suffix();
        UserAccount user = users.create(username, "password-" + username, false);
        namespaces.setMember(namespace, user.id(), role);
        return registry.withBasic(username, "password-" + username);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        return JSON.readTree(response.body());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
