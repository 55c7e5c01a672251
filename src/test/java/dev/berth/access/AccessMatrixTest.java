package dev.berth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

import dev.berth.auth.Action;
import dev.berth.auth.Role;
import dev.berth.support.RegistryClient;

/**
 * Who may do what, over HTTP: every kind of caller, every operation, in the namespace where the
 * caller holds its role, in a private namespace where it holds none, and in a public one; once
 * with Basic credentials on /v2 and once with a Bearer token from /token. The expected rights are
 * written out as a table rather than computed by the code under test.
 */
class AccessMatrixTest extends AccessHttpTest {

    enum Who { READER, WRITER, MAINTAINER, OWNER, ADMIN, NON_MEMBER, ANONYMOUS }

    /** TEAM: where the caller holds its role. OTHER: private, no role. PUBLIC: anonymous pull, no role. */
    enum Where { TEAM, OTHER, PUBLIC }

    enum Op {
        PULL, PUSH_BLOB, PUSH_NEW_TAG, REPUSH_SAME_TAG, MOVE_TAG_BY_TAG, MOVE_TAG_BY_DIGEST_WITH_TAG_QUERY,
        DELETE_TAG, DELETE_MANIFEST_BY_DIGEST, DELETE_BLOB, CATALOG
    }

    enum Credentials { BASIC, BEARER }

    private static final Set<Action> NONE = EnumSet.noneOf(Action.class);
    private static final Set<Action> PULL = EnumSet.of(Action.PULL);
    private static final Set<Action> ALL = EnumSet.allOf(Action.class);

    /** The rights table: what each caller may do in each namespace. */
    private static final Map<Who, Map<Where, Set<Action>>> RIGHTS = new EnumMap<>(Who.class);

    static {
        rights(Who.READER, PULL, NONE, PULL);
        rights(Who.WRITER, EnumSet.of(Action.PULL, Action.PUSH), NONE, PULL);
        rights(Who.MAINTAINER, ALL, NONE, PULL);
        rights(Who.OWNER, ALL, NONE, PULL);
        rights(Who.ADMIN, ALL, ALL, ALL);
        rights(Who.NON_MEMBER, NONE, NONE, PULL);
        rights(Who.ANONYMOUS, NONE, NONE, PULL);
    }

    private static void rights(Who who, Set<Action> team, Set<Action> other, Set<Action> publicNamespace) {
        Map<Where, Set<Action>> byNamespace = new EnumMap<>(Where.class);
        byNamespace.put(Where.TEAM, team);
        byNamespace.put(Where.OTHER, other);
        byNamespace.put(Where.PUBLIC, publicNamespace);
        RIGHTS.put(who, byNamespace);
    }

    /** Shared by every case: accounts are slow to make (a password hash each) and never change here. */
    private static Map<Who, String> usernames;
    private static Map<Where, String> namespaceNames;

    @BeforeEach
    void accountsAndNamespaces() {
        if (usernames != null) {
            return;
        }
        Map<Where, String> names = new EnumMap<>(Where.class);
        names.put(Where.TEAM, unique("team"));
        names.put(Where.OTHER, unique("other"));
        names.put(Where.PUBLIC, unique("public"));
        namespaces.setPublic(names.get(Where.TEAM), false);
        namespaces.setPublic(names.get(Where.OTHER), false);
        namespaces.setPublic(names.get(Where.PUBLIC), true);
        Map<Who, String> accounts = new EnumMap<>(Who.class);
        accounts.put(Who.READER, member("reader", names.get(Where.TEAM), Role.READER).username());
        accounts.put(Who.WRITER, member("writer", names.get(Where.TEAM), Role.WRITER).username());
        accounts.put(Who.MAINTAINER, member("maintainer", names.get(Where.TEAM), Role.MAINTAINER).username());
        accounts.put(Who.OWNER, member("owner", names.get(Where.TEAM), Role.OWNER).username());
        accounts.put(Who.NON_MEMBER, member("stranger", names.get(Where.TEAM), null).username());
        accounts.put(Who.ADMIN, "admin");
        namespaceNames = names;
        usernames = accounts;
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Credentials credentials : Credentials.values()) {
            for (Who who : Who.values()) {
                for (Where where : Where.values()) {
                    for (Op op : Op.values()) {
                        cases.add(Arguments.of(credentials, who, where, op));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {3} in {2}")
    @MethodSource("matrix")
    void request_eachCallerOperationAndNamespace_isAllowedExactlyByTheRightsTable(Credentials credentials, Who who,
                                                                                 Where where, Op op) {
        String repository = namespaceNames.get(where) + "/" + unique("app");
        Image tagged = pushImage(repository, "v1");
        // Only what the operation needs: 420 cases add up.
        boolean needsOther = op == Op.PUSH_NEW_TAG || op == Op.MOVE_TAG_BY_TAG
                || op == Op.MOVE_TAG_BY_DIGEST_WITH_TAG_QUERY;
        Image other = needsOther ? blobsOf(repository) : null;
        String looseBlob = op == Op.DELETE_BLOB ? registry.pushBlob(repository, randomBytes(64)) : null;
        RegistryClient client = client(credentials, who, repository);
        Set<Action> rights = RIGHTS.get(who).get(where);

        switch (op) {
            case PULL -> {
                HttpResponse<byte[]> response = client.get("/v2/" + repository + "/manifests/v1",
                        "Accept", OCI_MANIFEST);
                if (rights.contains(Action.PULL)) {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.body()).isEqualTo(tagged.manifest());
                } else {
                    assertRefused(response, credentials, who, "repository:" + repository + ":pull");
                }
            }
            case PUSH_BLOB -> {
                byte[] content = randomBytes(100);
                String digest = RegistryClient.sha256(content);
                HttpResponse<byte[]> response = client.send("POST",
                        "/v2/" + repository + "/blobs/uploads/?digest=" + digest, content,
                        "Content-Type", "application/octet-stream");
                if (rights.contains(Action.PUSH)) {
                    assertThat(response.statusCode()).isEqualTo(201);
                    assertThat(adminHead("/v2/" + repository + "/blobs/" + digest)).isEqualTo(200);
                } else {
                    assertRefused(response, credentials, who, "repository:" + repository + ":pull,push");
                    assertThat(adminHead("/v2/" + repository + "/blobs/" + digest)).isEqualTo(404);
                }
            }
            case PUSH_NEW_TAG -> {
                HttpResponse<byte[]> response = putManifest(client, repository, "v2", other.manifest());
                if (rights.contains(Action.PUSH)) {
                    assertThat(response.statusCode()).isEqualTo(201);
                    assertThat(tagDigest(repository, "v2")).isEqualTo(other.digest());
                } else {
                    assertRefused(response, credentials, who, "repository:" + repository + ":pull,push");
                    assertThat(tagDigest(repository, "v2")).isNull();
                    assertThat(adminHead("/v2/" + repository + "/manifests/" + other.digest())).isEqualTo(404);
                }
            }
            case REPUSH_SAME_TAG -> {
                HttpResponse<byte[]> response = putManifest(client, repository, "v1", tagged.manifest());
                if (rights.contains(Action.PUSH)) {
                    assertThat(response.statusCode()).isEqualTo(201);
                } else {
                    assertRefused(response, credentials, who, "repository:" + repository + ":pull,push");
                }
                assertThat(tagDigest(repository, "v1")).isEqualTo(tagged.digest());
            }
            case MOVE_TAG_BY_TAG, MOVE_TAG_BY_DIGEST_WITH_TAG_QUERY -> {
                HttpResponse<byte[]> response = op == Op.MOVE_TAG_BY_TAG
                        ? putManifest(client, repository, "v1", other.manifest())
                        : putManifest(client, repository, other.digest() + "?tag=v1", other.manifest());
                if (rights.contains(Action.PUSH) && rights.contains(Action.DELETE)) {
                    assertThat(response.statusCode()).isEqualTo(201);
                    assertThat(tagDigest(repository, "v1")).isEqualTo(other.digest());
                } else {
                    if (rights.contains(Action.PUSH)) {
                        assertThat(response.statusCode()).isEqualTo(403);
                        assertThat(errorCode(response)).isEqualTo("DENIED");
                    } else {
                        assertRefused(response, credentials, who, "repository:" + repository + ":pull,push");
                    }
                    assertThat(tagDigest(repository, "v1")).isEqualTo(tagged.digest());
                    assertThat(adminHead("/v2/" + repository + "/manifests/" + other.digest())).isEqualTo(404);
                }
            }
            case DELETE_TAG -> {
                HttpResponse<byte[]> response = client.delete("/v2/" + repository + "/manifests/v1");
                if (rights.contains(Action.DELETE)) {
                    assertThat(response.statusCode()).isEqualTo(202);
                    assertThat(tagDigest(repository, "v1")).isNull();
                } else {
                    assertRefused(response, credentials, who, "repository:" + repository + ":delete");
                    assertThat(tagDigest(repository, "v1")).isEqualTo(tagged.digest());
                }
            }
            case DELETE_MANIFEST_BY_DIGEST -> {
                HttpResponse<byte[]> response = client.delete("/v2/" + repository + "/manifests/" + tagged.digest());
                if (rights.contains(Action.DELETE)) {
                    assertThat(response.statusCode()).isEqualTo(202);
                    assertThat(adminHead("/v2/" + repository + "/manifests/" + tagged.digest())).isEqualTo(404);
                } else {
                    assertRefused(response, credentials, who, "repository:" + repository + ":delete");
                    assertThat(tagDigest(repository, "v1")).isEqualTo(tagged.digest());
                }
            }
            case DELETE_BLOB -> {
                HttpResponse<byte[]> response = client.delete("/v2/" + repository + "/blobs/" + looseBlob);
                if (rights.contains(Action.DELETE)) {
                    assertThat(response.statusCode()).isEqualTo(202);
                    assertThat(adminHead("/v2/" + repository + "/blobs/" + looseBlob)).isEqualTo(404);
                } else {
                    assertRefused(response, credentials, who, "repository:" + repository + ":delete");
                    assertThat(adminHead("/v2/" + repository + "/blobs/" + looseBlob)).isEqualTo(200);
                }
            }
            case CATALOG -> {
                HttpResponse<byte[]> response = client.get("/v2/_catalog?n=10000&last="
                        + namespaceNames.get(where) + "/");
                if (who == Who.ANONYMOUS && credentials == Credentials.BASIC) {
                    assertChallenge(response, "UNAUTHORIZED", "registry:catalog:*", null);
                } else {
                    assertThat(response.statusCode()).isEqualTo(200);
                    List<String> listed = new ArrayList<>();
                    for (JsonNode name : json(response).get("repositories")) {
                        listed.add(name.asString());
                    }
                    if (rights.contains(Action.PULL)) {
                        assertThat(listed).contains(repository);
                    } else {
                        assertThat(listed).doesNotContain(repository);
                    }
                }
            }
        }
    }

    private RegistryClient client(Credentials credentials, Who who, String repository) {
        RegistryClient basic = who == Who.ANONYMOUS ? registry.anonymous()
                : who == Who.ADMIN ? registry : as(usernames.get(who));
        if (credentials == Credentials.BASIC) {
            return basic;
        }
        return registry.withBearer(token(basic, "repository:" + repository + ":pull,push,delete",
                "registry:catalog:*"));
    }

    private static HttpResponse<byte[]> putManifest(RegistryClient client, String repository, String reference,
                                                    byte[] manifest) {
        return client.send("PUT", "/v2/" + repository + "/manifests/" + reference, manifest,
                "Content-Type", OCI_MANIFEST);
    }

    /**
     * Without credentials: 401 UNAUTHORIZED with a challenge for the scope. With credentials (or a
     * token, even an anonymous one) that lack the action: 401 DENIED, {@code insufficient_scope}.
     */
    private void assertRefused(HttpResponse<byte[]> response, Credentials credentials, Who who, String scope) {
        if (who == Who.ANONYMOUS && credentials == Credentials.BASIC) {
            assertChallenge(response, "UNAUTHORIZED", scope, null);
        } else {
            assertChallenge(response, "DENIED", scope, "insufficient_scope");
        }
    }
}
