package dev.berth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import dev.berth.support.RegistryClient;

/**
 * {@code /api/v1/namespaces/{ns}/robots/{robot}/trust}: the namespace's owners add, list and remove the
 * rules by which CI jobs log in as a robot; rules that would trust too much, or an issuer no admin
 * allowed, are refused with a problem naming the field, and nothing is stored.
 */
class RobotTrustApiTest extends AdminApiTestSupport {

    @Test
    void owner_addsListsAndRemovesARule() {
        String namespace = unique("trust");
        RegistryClient owner = ownerWithRobot(namespace);

        HttpResponse<byte[]> created = json(owner, "POST", trust(namespace), rule(TRUSTED_ISSUER, "berth",
                "{\"repository\":\"acme/app\",\"ref\":\"refs/heads/main\"}"));

        assertThat(created.statusCode()).as(RegistryClient.text(created)).isEqualTo(201);
        JsonNode rule = body(created);
        assertThat(rule.get("issuer").asString()).isEqualTo(TRUSTED_ISSUER);
        assertThat(rule.get("audience").asString()).isEqualTo("berth");
        assertThat(rule.get("conditions").get("ref").asString()).isEqualTo("refs/heads/main");
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith(trust(namespace) + "/" + rule.get("id").asLong()));
        assertThat(rules(owner, namespace)).hasSize(1);

        assertThat(owner.delete(trust(namespace) + "/" + rule.get("id").asLong()).statusCode()).isEqualTo(204);
        assertThat(rules(owner, namespace)).isEmpty();
        assertProblem(owner.delete(trust(namespace) + "/" + rule.get("id").asLong()), 404);
    }

    @Test
    void issuerNoAdminAllowed_isRefused_andNothingIsStored() {
        String namespace = unique("trust");
        RegistryClient owner = ownerWithRobot(namespace);

        assertFieldError(json(owner, "POST", trust(namespace), rule("https://elsewhere.example.test", "berth",
                "{\"repository\":\"acme/app\"}")), "issuer");
        assertFieldError(json(owner, "POST", trust(namespace), "{\"audience\":\"berth\",\"conditions\":{\"a\":\"b\"}}"),
                "issuer");

        assertThat(rules(owner, namespace)).isEmpty();
    }

    @Test
    void ruleWithoutConditions_orWithOnlyWildcards_isRefused() {
        String namespace = unique("trust");
        RegistryClient owner = ownerWithRobot(namespace);

        assertFieldError(json(owner, "POST", trust(namespace), rule(TRUSTED_ISSUER, "berth", "{}")), "conditions");
        assertFieldError(json(owner, "POST", trust(namespace), "{\"issuer\":\"" + TRUSTED_ISSUER
                + "\",\"audience\":\"berth\"}"), "conditions");
        assertFieldError(json(owner, "POST", trust(namespace), rule(TRUSTED_ISSUER, "berth",
                "{\"repository\":\"**\"}")), "conditions");
        assertFieldError(json(owner, "POST", trust(namespace), rule(TRUSTED_ISSUER, "berth",
                "{\"aud\":\"berth\"}")), "conditions");
        assertFieldError(json(owner, "POST", trust(namespace), rule(TRUSTED_ISSUER, "",
                "{\"repository\":\"acme/app\"}")), "audience");

        assertThat(rules(owner, namespace)).isEmpty();
    }

    @Test
    void notAnOwner_cannotSeeOrAddRules() {
        String namespace = unique("trust");
        RegistryClient owner = ownerWithRobot(namespace);
        String readerName = unique("reader");
        RegistryClient reader = createUser(readerName);
        addMember(owner, namespace, readerName, "reader");

        assertProblem(json(reader, "POST", trust(namespace), rule(TRUSTED_ISSUER, "berth",
                "{\"repository\":\"acme/app\"}")), 403);
        assertProblem(reader.get(trust(namespace)), 403);
        assertProblem(registry.anonymous().get(trust(namespace)), 401);

        assertThat(rules(owner, namespace)).isEmpty();
    }

    @Test
    void unknownRobot_isNotFound() {
        String namespace = unique("trust");
        RegistryClient owner = ownerWithRobot(namespace);

        assertProblem(json(owner, "POST", "/api/v1/namespaces/" + namespace + "/robots/nobody/trust",
                rule(TRUSTED_ISSUER, "berth", "{\"repository\":\"acme/app\"}")), 404);
        assertProblem(owner.get("/api/v1/namespaces/" + namespace + "/robots/nobody/trust"), 404);
    }

    private RegistryClient ownerWithRobot(String namespace) {
        String ownerName = unique("owner");
        RegistryClient owner = createUser(ownerName);
        createNamespace(owner, namespace);
        HttpResponse<byte[]> robot = json(owner, "POST", "/api/v1/namespaces/" + namespace + "/robots",
                "{\"name\":\"ci\",\"role\":\"writer\"}");
        assertThat(robot.statusCode()).as(RegistryClient.text(robot)).isEqualTo(201);
        return owner;
    }

    private static JsonNode rules(RegistryClient owner, String namespace) {
        HttpResponse<byte[]> listed = owner.get(trust(namespace));
        assertThat(listed.statusCode()).as(RegistryClient.text(listed)).isEqualTo(200);
        return body(listed).get("items");
    }

    private static String trust(String namespace) {
        return "/api/v1/namespaces/" + namespace + "/robots/ci/trust";
    }

    private static String rule(String issuer, String audience, String conditions) {
        return "{\"issuer\":\"" + issuer + "\",\"audience\":\"" + audience + "\",\"conditions\":" + conditions + "}";
    }
}
