package dev.berth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.berth.support.RegistryClient;

/**
 * Nobody takes over a namespace that holds images: a push records the namespace (with its owner),
 * deleting a user keeps theirs, and creating one that exists is refused, in the same words whatever
 * holds the name, so the refusal tells nothing GET hides.
 */
class NamespaceTakeoverTest extends AdminApiTestSupport {

    @Test
    void create_namespaceAnAdminPushedTo_answers409AndTheCreatorGainsNothing() {
        String namespace = unique("prod");
        String repository = namespace + "/app";
        pushImage(repository, "v1");
        RegistryClient mallory = createUser(unique("mallory"));

        HttpResponse<byte[]> refused = json(mallory, "POST", "/api/v1/namespaces", "{\"name\":\"" + namespace + "\"}");

        JsonNode problem = assertProblem(refused, 409);
        assertThat(problem.get("detail").asString()).isEqualTo("the name " + namespace + " is not available");
        assertProblem(mallory.get("/api/v1/namespaces/" + namespace), 404);
        assertProblem(mallory.get("/api/v1/repositories/" + repository), 404);
        assertThat(mallory.get("/v2/" + repository + "/manifests/v1").statusCode()).isEqualTo(401);
        JsonNode row = body(registry.get("/api/v1/namespaces/" + namespace));
        assertThat(row.get("createdAt").isNull()).isFalse();
        assertThat(body(registry.get("/api/v1/namespaces/" + namespace + "/members")).get("total").asLong()).isZero();
        assertThat(registry.get("/v2/" + repository + "/manifests/v1", "Accept",
                "application/vnd.oci.image.manifest.v1+json").statusCode()).isEqualTo(200);
    }

    @Test
    void create_namespaceOfADeletedUser_answers409AndItsImagesStayTheirs() {
        String carol = unique("carol");
        RegistryClient carolClient = createUser(carol);
        String repository = carol + "/app";
        byte[] config = "{}".getBytes();
        String configDigest = carolClient.pushBlob(repository, config);
        String layerDigest = carolClient.pushBlob(repository, "carol's layer".getBytes());
        carolClient.putManifest(repository, "v1", "application/vnd.oci.image.manifest.v1+json",
                dev.berth.support.TestImages.ociManifest(configDigest, config.length, layerDigest, "13"));
        assertThat(registry.delete("/api/v1/users/" + carol).statusCode()).isEqualTo(204);
        RegistryClient mallory = createUser(unique("mallory"));

        JsonNode problem = assertProblem(json(mallory, "POST", "/api/v1/namespaces", "{\"name\":\"" + carol + "\"}"),
                409);
        JsonNode recreated = assertProblem(json(registry, "POST", "/api/v1/users",
                "{\"username\":\"" + carol + "\",\"password\":\"" + PASSWORD + "\"}"), 409);

        assertThat(problem.get("detail").asString()).isEqualTo("the name " + carol + " is not available");
        assertThat(recreated.get("detail").asString()).contains(carol);
        JsonNode namespace = body(registry.get("/api/v1/namespaces/" + carol));
        assertThat(namespace.get("owner").asString()).isEqualTo(carol);
        assertProblem(mallory.get("/api/v1/namespaces/" + carol), 404);
        assertThat(registry.get("/v2/" + repository + "/tags/list").statusCode()).isEqualTo(200);
    }

    @Test
    void create_firstPushIntoOwnNamespace_recordsTheOwner() {
        String dave = unique("dave");
        RegistryClient daveClient = createUser(dave);

        daveClient.pushBlob(dave + "/app", "dave's bytes".getBytes());

        JsonNode namespace = body(daveClient.get("/api/v1/namespaces/" + dave));
        assertThat(namespace.get("owner").asString()).isEqualTo(dave);
        assertThat(namespace.get("createdAt").isNull()).isFalse();
        assertThat(namespace.get("role").asString()).isEqualTo("owner");
    }

    @Test
    void create_hiddenNamespaceOfAnyKind_answersTheSameAsEveryOther() {
        String userName = unique("u");
        createUser(userName);
        String created = unique("ns");
        createNamespace(createUser(unique("owner")), created);
        String pushed = unique("ns");
        pushImage(pushed + "/app", "v1");
        RegistryClient prober = createUser(unique("prober"));

        for (String name : new String[] {userName, created, pushed}) {
            HttpResponse<byte[]> refused = json(prober, "POST", "/api/v1/namespaces", "{\"name\":\"" + name + "\"}");
            JsonNode problem = assertProblem(refused, 409);
            assertThat(problem.get("detail").asString()).isEqualTo("the name " + name + " is not available");
            assertProblem(prober.get("/api/v1/namespaces/" + name), 404);
        }
        assertThat(body(prober.get("/api/v1/namespaces")).get("total").asLong()).isZero();
    }
}
