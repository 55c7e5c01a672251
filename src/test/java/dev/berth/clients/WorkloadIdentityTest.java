package dev.berth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.berth.support.FromAddress;
import dev.berth.support.OpenIdProvider;
import dev.berth.support.OpenIdProvider.WorkloadToken;
import dev.berth.support.RegistryClient;
import dev.berth.support.StandaloneBerth;

/**
 * Workload identity end to end: a real OpenID provider (Spring Authorization Server in a JVM of its
 * own) issues GitHub-Actions-style tokens; the robot {@code acme+ci} trusts it for the repository
 * {@code acme/app} on {@code refs/heads/main}. skopeo logs in with such a token and pushes; every
 * refusal the issue names (audience, issuer, claim condition, expiry, replay, a key the issuer never
 * published) is a plain 401 with its reason in the audit trail, and changes nothing.
 */
class WorkloadIdentityTest {

    private static final String AUDIENCE = "berth-ci";
    private static final String ROBOT = "acme+ci";
    /** More than the refusals the other tests cause from 127.0.0.1, so only the throttling test is throttled. */
    private static final int MAX_FAILURES = 20;

    @TempDir
    static Path dataDir;
    @TempDir
    static Path providerDir;
    @TempDir
    Path temp;

    private static OpenIdProvider provider;
    private static StandaloneBerth berth;
    private static RegistryClient admin;
    private static long ruleId;

    @BeforeAll
    static void start() {
        provider = OpenIdProvider.start(providerDir.resolve("provider.log"));
        berth = StandaloneBerth.start(dataDir, "berth.auth.workload.trusted-issuers[0]=" + provider.issuer(),
                "berth.auth.login-rate-limit.max-failures=" + MAX_FAILURES);
        admin = berth.client();
        assertThat(post(admin, "/api/v1/namespaces", "{\"name\":\"acme\"}").statusCode()).isEqualTo(201);
        assertThat(post(admin, "/api/v1/namespaces/acme/robots", "{\"name\":\"ci\",\"role\":\"writer\"}")
                .statusCode()).isEqualTo(201);
        HttpResponse<byte[]> rule = post(admin, trustPath(), "{\"issuer\":\"" + provider.issuer() + "\",\"audience\":\""
                + AUDIENCE + "\",\"conditions\":{\"repository\":\"acme/app\",\"ref\":\"refs/heads/main\"}}");
        assertThat(rule.statusCode()).as(RegistryClient.text(rule)).isEqualTo(201);
        ruleId = Long.parseLong(RegistryClient.text(rule).replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
    }

    @AfterAll
    static void stop() {
        if (berth != null) {
            berth.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void skopeo_logsInWithTheJobsToken_andPushes_withNoStoredSecret() {
        String jwt = provider.issueWorkloadToken(mainBranch());
        Skopeo skopeo = new Skopeo(temp.resolve("skopeo"));
        OciLayoutWriter source = new OciLayoutWriter(temp.resolve("source"));
        OciLayoutWriter.Image image = source.image("amd64", OciLayoutWriter.files("built.txt", "by CI\n"));
        source.tag("v1", image.manifest());

        skopeo.login(host(), new Credentials(ROBOT, jwt));

        // skopeo presents the token again for each scope it needs: the same job, from the same address.
        assertThat(skopeo.push(source.dir(), "v1", host() + "/acme/app:v1")).isEqualTo(image.manifest().digest());
        assertThat(skopeo.push(source.dir(), "v1", host() + "/acme/app:v2")).isEqualTo(image.manifest().digest());
        assertThat(RegistryClient.text(admin.get("/v2/acme/app/tags/list"))).contains("v1", "v2");
        assertThat(audit("SUCCESS")).anyMatch(detail -> detail.startsWith("workload token issuer=" + provider.issuer()
                + " sub=repo:acme/app:ref:refs/heads/main rule=" + ruleId));
    }

    @Test
    void skopeo_withATokenOfAnotherBranch_isRefused_andPushesNothing() {
        String jwt = provider.issueWorkloadToken(WorkloadToken.githubActions(AUDIENCE, "acme/app", "refs/heads/feature"));

        Processes.Result login = new Skopeo(temp.resolve("skopeo")).tryLogin(host(), new Credentials(ROBOT, jwt));

        assertThat(login.succeeded()).as(login.describe()).isFalse();
        assertThat(login.stderr()).as(login.describe()).contains("invalid username/password");
        assertThat(audit("DENIED")).contains("workload token refused: claim condition not met: ref (rule " + ruleId
                + ") is \"refs/heads/feature\"");
    }

    @Test
    void wrongAudience_isRefused() {
        assertRefused(provider.issueWorkloadToken(mainBranch().withAudience("someone-else")),
                "workload token refused: wrong audience [someone-else]");
    }

    @Test
    void expiredToken_isRefused() {
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        assertRefused(provider.issueWorkloadToken(mainBranch().issued(anHourAgo, Duration.ofMinutes(5))),
                "workload token refused: expired at");
    }

    @Test
    void tokenLivingLongerThanTheMaximum_isRefused() {
        assertRefused(provider.issueWorkloadToken(mainBranch().issued(Instant.now(), Duration.ofDays(2))),
                "workload token refused: lives PT48H, longer than berth.auth.workload.max-token-lifetime");
    }

    @Test
    void untrustedIssuer_isRefused_beforeAnyKeyIsFetched() throws Exception {
        assertRefused(forged("http://127.0.0.1:9", newKey()), "workload token refused: untrusted issuer http://127.0.0.1:9");
    }

    @Test
    void tokenSignedWithAKeyTheIssuerNeverPublished_isRefused() throws Exception {
        assertRefused(forged(provider.issuer(), newKey()),
                "workload token refused: the signature does not verify with the published keys of " + provider.issuer());
    }

    @Test
    void tokenWithTheIssuersKeyIdButAnotherKey_isRefused() throws Exception {
        String kid = JWKSet.load(URI.create(provider.jwksUri()).toURL()).getKeys().get(0).getKeyID();
        assertRefused(forged(provider.issuer(), new RSAKeyGenerator(2048).keyID(kid).generate()),
                "workload token refused: the signature does not verify with the published keys of " + provider.issuer());
    }

    @Test
    void tokenUsedFromAnotherAddress_isRefusedAsReplayed() {
        String jwt = provider.issueWorkloadToken(mainBranch());
        assertThat(token(jwt).statusCode()).isEqualTo(200);

        int replayed = FromAddress.get("127.0.0.2", berth.port(), "/token?service=berth&scope="
                + URLEncoder.encode("repository:acme/app:pull,push", StandardCharsets.UTF_8),
                RegistryClient.basic(ROBOT, jwt));

        assertThat(replayed).isEqualTo(401);
        assertThat(audit("DENIED")).anyMatch(detail -> detail.startsWith("workload token refused: replayed token: jti ")
                && detail.contains(" was first used from "));
    }

    @Test
    void afterTheIssuerRotatesItsKeys_tokensSignedWithTheNewKeyAreAccepted() {
        assertThat(token(provider.issueWorkloadToken(mainBranch())).statusCode()).isEqualTo(200);

        provider.rotateKeys();

        HttpResponse<byte[]> response = token(provider.issueWorkloadToken(mainBranch()));
        assertThat(response.statusCode()).as(RegistryClient.text(response)).isEqualTo(200);
    }

    @Test
    void offlineToken_isNotGivenToAJob_whoseOwnTokenMustEndItsLogin() {
        HttpResponse<byte[]> response = admin.get("/token?service=berth&offline_token=true&client_id=docker",
                "Authorization", RegistryClient.basic(ROBOT, provider.issueWorkloadToken(mainBranch())));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(RegistryClient.text(response)).contains("\"token\"").doesNotContain("refresh_token");
    }

    @Test
    void aJobsToken_cannotBuyACredentialThatOutlivesIt() {
        RegistryClient job = admin.withBasic(ROBOT, provider.issueWorkloadToken(mainBranch()));

        HttpResponse<byte[]> created = job.send("POST", "/api/v1/users/" + ROBOT + "/tokens",
                "{\"description\":\"forever\"}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");

        assertThat(created.statusCode()).as(RegistryClient.text(created)).isEqualTo(403);
        assertThat(RegistryClient.text(admin.get("/api/v1/users/" + ROBOT + "/tokens"))).doesNotContain("forever");
    }

    @Test
    void tokenExchangeGrant_givesARegistryTokenWithTheRobotsRights() {
        String form = "grant_type=" + enc("urn:ietf:params:oauth:grant-type:token-exchange") + "&client_id=ci&service=berth"
                + "&username=" + enc(ROBOT) + "&subject_token_type=" + enc("urn:ietf:params:oauth:token-type:jwt")
                + "&scope=" + enc("repository:acme/exchanged:pull,push")
                + "&subject_token=" + enc(provider.issueWorkloadToken(mainBranch()));

        HttpResponse<byte[]> response = admin.anonymous().send("POST", "/token", form.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(response.statusCode()).as(RegistryClient.text(response)).isEqualTo(200);
        String body = RegistryClient.text(response);
        assertThat(body).contains("\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\"")
                .doesNotContain("refresh_token");
        String registryToken = body.replaceAll("(?s).*\"access_token\":\"([^\"]+)\".*", "$1");
        String digest = admin.withBearer(registryToken).pushBlob("acme/exchanged", "exchanged".getBytes());
        assertThat(admin.head("/v2/acme/exchanged/blobs/" + digest).statusCode()).isEqualTo(200);
    }

    @Test
    void repeatedFailuresFromOneAddress_areThrottled_evenForAValidToken() throws Exception {
        String forged = forged(provider.issuer(), newKey());
        for (int i = 0; i < MAX_FAILURES; i++) {
            assertThat(FromAddress.get("127.0.0.3", berth.port(), "/token?service=berth",
                    RegistryClient.basic(ROBOT, forged))).isEqualTo(401);
        }

        int valid = FromAddress.get("127.0.0.3", berth.port(), "/token?service=berth",
                RegistryClient.basic(ROBOT, provider.issueWorkloadToken(mainBranch())));

        assertThat(valid).isEqualTo(429);
        assertThat(FromAddress.get("127.0.0.4", berth.port(), "/token?service=berth",
                RegistryClient.basic(ROBOT, provider.issueWorkloadToken(mainBranch())))).isEqualTo(200);
    }

    private static void assertRefused(String jwt, String auditReason) {
        HttpResponse<byte[]> response = token(jwt);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(RegistryClient.text(response)).contains("invalid username or password")
                .doesNotContain(auditReason.substring("workload token refused: ".length()));
        assertThat(audit("DENIED")).anyMatch(detail -> detail.startsWith(auditReason));
        assertThat(admin.get("/v2/acme/app/tags/list").statusCode()).isIn(200, 404);
    }

    private static HttpResponse<byte[]> token(String jwt) {
        return admin.get("/token?service=berth&scope=" + enc("repository:acme/app:pull,push"), "Authorization",
                RegistryClient.basic(ROBOT, jwt));
    }

    private static WorkloadToken mainBranch() {
        return WorkloadToken.githubActions(AUDIENCE, "acme/app", "refs/heads/main");
    }

    private static RSAKey newKey() throws Exception {
        return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    }

    /** A token with every claim a good one has, signed with {@code key}: only its signer is wrong. */
    private static String forged(String issuer, RSAKey key) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE)
                .subject("repo:acme/app:ref:refs/heads/main").claim("repository", "acme/app")
                .claim("ref", "refs/heads/main").issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5)))).jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static List<String> audit(String outcome) {
        return berth.bean(JdbcClient.class).sql("SELECT detail FROM audit_event WHERE actor = :robot AND outcome = :outcome")
                .param("robot", ROBOT).param("outcome", outcome).query(String.class).list();
    }

    private static HttpResponse<byte[]> post(RegistryClient client, String path, String json) {
        return client.send("POST", path, json.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    private static String trustPath() {
        return "/api/v1/namespaces/acme/robots/ci/trust";
    }

    private static String host() {
        return "localhost:" + berth.port();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
