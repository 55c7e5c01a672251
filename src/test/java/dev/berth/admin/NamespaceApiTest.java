package dev.berth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.berth.support.RegistryClient;

class NamespaceApiTest extends AdminApiTestSupport {

    @Test
    void create_asUser_makesTheCreatorItsOwner() {
        String username = unique("u");
        RegistryClient user = createUser(username);
        String namespace = unique("ns");

        HttpResponse<byte[]> created = json(user, "POST", "/api/v1/namespaces",
                "{\"name\":\"" + namespace + "\",\"public\":false}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(body(created).get("name").asString()).isEqualTo(namespace);
        assertThat(body(created).get("public").asBoolean()).isFalse();
        assertThat(body(created).get("role").asString()).isEqualTo("owner");
        JsonNode members = body(user.get("/api/v1/namespaces/" + namespace + "/members"));
        assertThat(members.get("items")).hasSize(1);
        assertThat(members.get("items").get(0).get("username").asString()).isEqualTo(username);
        assertThat(members.get("items").get(0).get("role").asString()).isEqualTo("owner");
        JsonNode listed = body(user.get("/api/v1/namespaces"));
        assertThat(listed.get("items").valueStream().map(item -> item.get("name").asString())).contains(namespace);
        JsonNode me = body(user.get("/api/v1/me"));
        assertThat(me.get("username").asString()).isEqualTo(username);
        assertThat(me.get("admin").asBoolean()).isFalse();
        assertThat(me.get("namespaces").valueStream().map(item -> item.get("namespace").asString()))
                .contains(username, namespace);
    }

    @Test
    void list_asUser_pagesTheNamespacesItHasARoleInByName() {
        RegistryClient user = createUser(unique("u"));
        String prefix = unique("ns");
        for (String namespace : List.of(prefix + "b", prefix + "a")) {
            createNamespace(user, namespace);
        }
        createNamespace(createUser(unique("u")), prefix + "c");   // someone else's: not listed

        JsonNode first = body(user.get("/api/v1/namespaces?size=1"));
        JsonNode second = body(user.get("/api/v1/namespaces?size=1&page=1"));

        assertThat(first.get("total").asLong()).isEqualTo(2);
        assertThat(first.get("items").valueStream().map(item -> item.get("name").asString()))
                .containsExactly(prefix + "a");
        assertThat(second.get("items").valueStream().map(item -> item.get("name").asString()))
                .containsExactly(prefix + "b");
    }

    @Test
    void create_invalidName_answers400NamingTheField() {
        RegistryClient user = createUser(unique("u"));

        assertFieldError(json(user, "POST", "/api/v1/namespaces", "{\"name\":\"Bad/Name\"}"), "name");
        assertThat(body(user.get("/api/v1/namespaces")).get("total").asLong()).isZero();
    }

    @Test
    void create_anotherUsersName_answers409() {
        String other = unique("u");
        createUser(other);
        RegistryClient user = createUser(unique("u"));

        assertProblem(json(user, "POST", "/api/v1/namespaces", "{\"name\":\"" + other + "\"}"), 409);
        assertProblem(user.get("/api/v1/namespaces/" + other), 404);
    }

    @Test
    void create_existingNamespace_answers409() {
        String namespace = unique("ns");
        createNamespace(createUser(unique("u")), namespace);
        RegistryClient intruder = createUser(unique("u"));

        assertProblem(json(intruder, "POST", "/api/v1/namespaces", "{\"name\":\"" + namespace + "\"}"), 409);
        assertProblem(intruder.get("/api/v1/namespaces/" + namespace), 404);
    }

    @Test
    void create_anonymous_answers401() {
        String namespace = unique("ns");

        assertProblem(json(registry.anonymous(), "POST", "/api/v1/namespaces", "{\"name\":\"" + namespace + "\"}"),
                401);
        assertProblem(registry.get("/api/v1/namespaces/" + namespace), 404);
    }

    @Test
    void get_nonMember_answers404() {
        String namespace = unique("ns");
        createNamespace(createUser(unique("u")), namespace);

        assertProblem(createUser(unique("u")).get("/api/v1/namespaces/" + namespace), 404);
        assertThat(registry.get("/api/v1/namespaces/" + namespace).statusCode()).isEqualTo(200);
    }

    @Test
    void update_publicTrue_letsAnonymousPull() {
        RegistryClient owner = createUser(unique("u"));
        String namespace = unique("ns");
        createNamespace(owner, namespace);
        String repository = namespace + "/app";
        pushImage(repository, "v1");
        assertThat(registry.anonymous().get("/v2/" + repository + "/manifests/v1",
                "Accept", "application/vnd.oci.image.manifest.v1+json").statusCode()).isEqualTo(401);

        HttpResponse<byte[]> changed = json(owner, "PATCH", "/api/v1/namespaces/" + namespace, "{\"public\":true}");

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(body(changed).get("public").asBoolean()).isTrue();
        assertThat(registry.anonymous().get("/v2/" + repository + "/manifests/v1",
                "Accept", "application/vnd.oci.image.manifest.v1+json").statusCode()).isEqualTo(200);
    }

    @Test
    void update_byWriter_answers403AndChangesNothing() {
        RegistryClient owner = createUser(unique("u"));
        String namespace = unique("ns");
        createNamespace(owner, namespace);
        String writerName = unique("u");
        RegistryClient writer = createUser(writerName);
        addMember(owner, namespace, writerName, "writer");

        assertProblem(json(writer, "PATCH", "/api/v1/namespaces/" + namespace, "{\"public\":true}"), 403);
        assertThat(body(owner.get("/api/v1/namespaces/" + namespace)).get("public").isNull()).isTrue();
    }

    @Test
    void delete_withRepositories_answers409AndKeepsIt() {
        RegistryClient owner = createUser(unique("u"));
        String namespace = unique("ns");
        createNamespace(owner, namespace);
        pushImage(namespace + "/app", "v1");

        assertProblem(owner.delete("/api/v1/namespaces/" + namespace), 409);
        assertThat(owner.get("/api/v1/namespaces/" + namespace).statusCode()).isEqualTo(200);
    }

    @Test
    void delete_empty_removesItAndItsRobots() {
        RegistryClient owner = createUser(unique("u"));
        String namespace = unique("ns");
        createNamespace(owner, namespace);
        assertThat(json(owner, "POST", "/api/v1/namespaces/" + namespace + "/robots",
                "{\"name\":\"ci\",\"role\":\"writer\"}").statusCode()).isEqualTo(201);

        assertThat(owner.delete("/api/v1/namespaces/" + namespace).statusCode()).isEqualTo(204);

        assertProblem(owner.get("/api/v1/namespaces/" + namespace), 404);
        assertProblem(registry.get("/api/v1/users/" + namespace + "+ci"), 404);
    }

    @Test
    void setMember_asOwner_grantsTheRole() {
        RegistryClient owner = createUser(unique("u"));
        String namespace = unique("ns");
        createNamespace(owner, namespace);
        String readerName = unique("u");
        RegistryClient reader = createUser(readerName);

        HttpResponse<byte[]> set = json(owner, "PUT", "/api/v1/namespaces/" + namespace + "/members/" + readerName,
                "{\"role\":\"reader\"}");

        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(body(set).get("role").asString()).isEqualTo("reader");
        assertThat(body(reader.get("/api/v1/namespaces/" + namespace)).get("role").asString()).isEqualTo("reader");
        assertProblem(reader.get("/api/v1/namespaces/" + namespace + "/members"), 403);
    }

    @Test
    void setMember_unknownRole_answers400NamingTheField() {
        RegistryClient owner = createUser(unique("u"));
        String namespace = unique("ns");
        createNamespace(owner, namespace);
        String other = unique("u");
        createUser(other);

        assertFieldError(json(owner, "PUT", "/api/v1/namespaces/" + namespace + "/members/" + other,
                "{\"role\":\"emperor\"}"), "role");
        assertThat(body(owner.get("/api/v1/namespaces/" + namespace + "/members")).get("total").asLong())
                .isEqualTo(1);
    }

    @Test
    void setMember_byMaintainer_answers403AndByNonMember_answers404() {
        RegistryClient owner = createUser(unique("u"));
        String namespace = unique("ns");
        createNamespace(owner, namespace);
        String maintainerName = unique("u");
        RegistryClient maintainer = createUser(maintainerName);
        addMember(owner, namespace, maintainerName, "maintainer");
        String outsiderName = unique("u");
        RegistryClient outsider = createUser(outsiderName);

        assertProblem(json(maintainer, "PUT", "/api/v1/namespaces/" + namespace + "/members/" + maintainerName,
                "{\"role\":\"owner\"}"), 403);
        assertProblem(json(outsider, "PUT", "/api/v1/namespaces/" + namespace + "/members/" + outsiderName,
                "{\"role\":\"owner\"}"), 404);
        assertProblem(outsider.get("/api/v1/namespaces/" + namespace + "/members"), 404);
        assertThat(body(maintainer.get("/api/v1/namespaces/" + namespace)).get("role").asString())
                .isEqualTo("maintainer");
        assertThat(body(owner.get("/api/v1/namespaces/" + namespace + "/members")).get("total").asLong())
                .isEqualTo(2);
    }

    @Test
    void removeMember_asOwner_revokesTheRole() {
        RegistryClient owner = createUser(unique("u"));
        String namespace = unique("ns");
        createNamespace(owner, namespace);
        String memberName = unique("u");
        RegistryClient member = createUser(memberName);
        addMember(owner, namespace, memberName, "writer");

        assertThat(owner.delete("/api/v1/namespaces/" + namespace + "/members/" + memberName).statusCode())
                .isEqualTo(204);

        assertThat(body(owner.get("/api/v1/namespaces/" + namespace + "/members")).get("total").asLong())
                .isEqualTo(1);
        assertProblem(owner.delete("/api/v1/namespaces/" + namespace + "/members/" + memberName), 404);
    }

    @Test
    void removeMember_lastOwner_answers409() {
        String ownerName = unique("u");
        RegistryClient owner = createUser(ownerName);
        String namespace = unique("ns");
        createNamespace(owner, namespace);

        assertProblem(owner.delete("/api/v1/namespaces/" + namespace + "/members/" + ownerName), 409);
        assertThat(body(owner.get("/api/v1/namespaces/" + namespace)).get("role").asString()).isEqualTo("owner");
    }

    @Test
    void createRobot_asOwner_createsAMemberThatLogsInWithATokenOnly() {
        RegistryClient owner = createUser(unique("u"));
        String namespace = unique("ns");
        createNamespace(owner, namespace);

        HttpResponse<byte[]> created = json(owner, "POST", "/api/v1/namespaces/" + namespace + "/robots",
                "{\"name\":\"ci\",\"role\":\"writer\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        String robot = namespace + "+ci";
        assertThat(body(created).get("username").asString()).isEqualTo(robot);
        assertThat(body(created).get("role").asString()).isEqualTo("writer");
        JsonNode robots = body(owner.get("/api/v1/namespaces/" + namespace + "/robots"));
        assertThat(robots.get("items").valueStream().map(item -> item.get("name").asString())).containsExactly("ci");
        String secret = createToken(owner, robot, null).get("token").asString();
        assertThat(registry.withBasic(robot, secret).get("/v2/").statusCode()).isEqualTo(200);

        assertThat(owner.delete("/api/v1/namespaces/" + namespace + "/robots/ci").statusCode()).isEqualTo(204);
        assertProblem(registry.get("/api/v1/users/" + robot), 404);
        assertThat(body(owner.get("/api/v1/namespaces/" + namespace + "/robots")).get("total").asLong()).isZero();
    }

    @Test
    void createRobot_invalidNameAndRole_answers400NamingBothFields() {
        RegistryClient owner = createUser(unique("u"));
        String namespace = unique("ns");
        createNamespace(owner, namespace);

        assertFieldError(json(owner, "POST", "/api/v1/namespaces/" + namespace + "/robots",
                "{\"name\":\"Bad Name\",\"role\":\"owner\"}"), "name");
        assertFieldError(json(owner, "POST", "/api/v1/namespaces/" + namespace + "/robots",
                "{\"name\":\"ci\",\"role\":\"owner\"}"), "role");
        assertThat(body(owner.get("/api/v1/namespaces/" + namespace + "/robots")).get("total").asLong()).isZero();
    }

    @Test
    void createRobot_byReader_answers403() {
        RegistryClient owner = createUser(unique("u"));
        String namespace = unique("ns");
        createNamespace(owner, namespace);
        String readerName = unique("u");
        RegistryClient reader = createUser(readerName);
        addMember(owner, namespace, readerName, "reader");

        assertProblem(json(reader, "POST", "/api/v1/namespaces/" + namespace + "/robots",
                "{\"name\":\"ci\",\"role\":\"writer\"}"), 403);
        assertProblem(registry.get("/api/v1/users/" + namespace + "+ci"), 404);
    }
}
