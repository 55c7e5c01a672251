package dev.berth.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import dev.berth.auth.AccessTokens;
import dev.berth.auth.Action;
import dev.berth.auth.SigningKeys;
import dev.berth.auth.UserAccount;
import dev.berth.support.RegistryClient;

/**
 * Bearer tokens Berth must not accept: forged, tampered, for another service, out of their time,
 * or valid but for something else; and tokens whose access token was revoked. Every refusal is a
 * 401 with a challenge, and the push the token would have allowed does not happen.
 */
class RegistryTokenRejectionTest extends AccessHttpTest {

    @Autowired
    private SigningKeys keys;

    private UserAccount stranger;
    private String repository;
    private Image image;

    @BeforeEach
    void privateRepositoryTheSubjectHasNoRightsOn() {
        stranger = createUser(unique("stranger"));
        String namespace = unique("vault");
        namespaces.setPublic(namespace, false);
        repository = namespace + "/app";
        image = pushImage(repository, "v1");
    }

    @Test
    void put_craftedTokenSignedWithTheCurrentKey_isAccepted() {
        HttpResponse<byte[]> response = pushWith(sign(claims(repository, "pull", "push").build()));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(tagDigest(repository, "forged")).isEqualTo(image.digest());
    }

    @Test
    void put_algNone_isRefused() {
        String token = new PlainJWT(claims(repository, "pull", "push").build()).serialize();

        assertInvalidToken(pushWith(token));
    }

    @Test
    void put_hs256WithThePublicKeyAsSecret_isRefused() throws JOSEException {
        RSAKey key = (RSAKey) keys.current().jwk();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID() == null
                ? keys.current().kid() : key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims(repository, "pull", "push").build());
        jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));

        assertInvalidToken(pushWith(jwt.serialize()));
    }

    @Test
    void put_unknownKid_isRefused() {
        assertInvalidToken(pushWith(sign(claims(repository, "pull", "push").build(), "no-such-key")));
    }

    @Test
    void put_freshKeyWithTheCurrentKid_isRefused() throws JOSEException {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(keys.current().kid()).generate();
        SignedJWT jwt = new SignedJWT(header(keys.current().kid()), claims(repository, "pull", "push").build());
        jwt.sign(new RSASSASigner(impostor));

        assertInvalidToken(pushWith(jwt.serialize()));
    }

    @Test
    void put_wrongAudience_isRefused() {
        assertInvalidToken(pushWith(sign(claims(repository, "pull", "push").audience("other-registry").build())));
    }

    @Test
    void put_untrustedIssuer_isRefused() {
        assertInvalidToken(pushWith(sign(claims(repository, "pull", "push").issuer("evil").build())));
    }

    @Test
    void put_expiredBeyondTheLeeway_isRefused() {
        Instant now = Instant.now();
        JWTClaimsSet expired = claims(repository, "pull", "push")
                .issueTime(Date.from(now.minus(Duration.ofMinutes(10))))
                .notBeforeTime(Date.from(now.minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(now.minus(Duration.ofSeconds(45)))).build();

        assertInvalidToken(pushWith(sign(expired)));
    }

    @Test
    void put_expiredWithinTheLeeway_isAccepted() {
        JWTClaimsSet justExpired = claims(repository, "pull", "push")
                .expirationTime(Date.from(Instant.now().minus(Duration.ofSeconds(10)))).build();

        assertThat(pushWith(sign(justExpired)).statusCode()).isEqualTo(201);
    }

    @Test
    void put_notValidYet_isRefused() {
        Instant now = Instant.now();
        JWTClaimsSet future = claims(repository, "pull", "push")
                .notBeforeTime(Date.from(now.plus(Duration.ofMinutes(2))))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(7)))).build();

        assertInvalidToken(pushWith(sign(future)));
    }

    @Test
    void put_accessClaimEditedAfterSigning_isRefused() {
        String pullOnly = sign(claims(repository, "pull").build());
        String[] parts = pullOnly.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String widened = payload.replace("[\"pull\"]", "[\"pull\",\"push\"]");
        assertThat(widened).isNotEqualTo(payload);
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(widened.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertInvalidToken(pushWith(tampered));
    }

    @Test
    void put_refreshTokenAsBearer_isRefused() {
        String repositoryOfHisOwn = stranger.username() + "/app";
        Image own = pushImage(repositoryOfHisOwn, "v1");
        HttpResponse<byte[]> offline = as(stranger.username())
                .get(tokenPath("repository:" + repositoryOfHisOwn + ":pull,push") + "&offline_token=true");
        String refreshToken = json(offline).get("refresh_token").asString();

        HttpResponse<byte[]> response = registry.withBearer(refreshToken).send("PUT",
                "/v2/" + repositoryOfHisOwn + "/manifests/forged", own.manifest(), "Content-Type", OCI_MANIFEST);

        assertChallenge(response, "UNAUTHORIZED", "repository:" + repositoryOfHisOwn + ":pull,push",
                "invalid_token");
        assertThat(tagDigest(repositoryOfHisOwn, "forged")).isNull();
    }

    @Test
    void put_grantForParentName_doesNotCoverNestedRepository() {
        String nested = repository + "/sub";
        Image nestedImage = blobsOf(nested);
        String token = sign(claims(repository, "pull", "push").build());

        HttpResponse<byte[]> response = registry.withBearer(token).send("PUT", "/v2/" + nested + "/manifests/forged",
                nestedImage.manifest(), "Content-Type", OCI_MANIFEST);

        assertChallenge(response, "DENIED", "repository:" + nested + ":pull,push", "insufficient_scope");
        assertThat(tagDigest(nested, "forged")).isNull();
    }

    @Test
    void put_pullGrant_isDeniedInsufficientScope() {
        HttpResponse<byte[]> response = pushWith(sign(claims(repository, "pull").build()));

        assertChallenge(response, "DENIED", "repository:" + repository + ":pull,push", "insufficient_scope");
        assertThat(tagDigest(repository, "forged")).isNull();
    }

    @Test
    void get_tokenForAnotherRepository_isDeniedInsufficientScope() {
        String otherRepository = repository.substring(0, repository.indexOf('/')) + "/other";
        String token = token(registry, "repository:" + otherRepository + ":pull,push,delete");

        HttpResponse<byte[]> pull = registry.withBearer(token).get("/v2/" + repository + "/manifests/v1");
        HttpResponse<byte[]> delete = registry.withBearer(token).delete("/v2/" + repository + "/manifests/v1");

        assertChallenge(pull, "DENIED", "repository:" + repository + ":pull", "insufficient_scope");
        assertChallenge(delete, "DENIED", "repository:" + repository + ":delete", "insufficient_scope");
        assertThat(tagDigest(repository, "v1")).isEqualTo(image.digest());
    }

    @Test
    void get_bearerBoughtWithAccessToken_stopsWorkingOnceTheAccessTokenIsRevoked() {
        String own = stranger.username() + "/app";
        Image ownImage = pushImage(own, "v1");
        AccessTokens.Created created = accessTokens.create(stranger.id(), "ci", null, Set.of(Action.PULL), null);
        String bearer = token(registry.withBasic(stranger.username(), created.secret()), "repository:" + own + ":pull");
        HttpResponse<byte[]> before = registry.withBearer(bearer).get("/v2/" + own + "/manifests/v1",
                "Accept", OCI_MANIFEST);
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.body()).isEqualTo(ownImage.manifest());

        accessTokens.revoke(created.token().id());

        assertChallenge(registry.withBearer(bearer).get("/v2/" + own + "/manifests/v1"), "UNAUTHORIZED",
                "repository:" + own + ":pull", "invalid_token");
    }

    @Test
    void get_basicWithRevokedAccessToken_answers401() {
        String own = stranger.username() + "/app";
        pushImage(own, "v1");
        AccessTokens.Created created = accessTokens.create(stranger.id(), "ci", null, Set.of(Action.PULL), null);
        RegistryClient basic = registry.withBasic(stranger.username(), created.secret());
        assertThat(basic.get("/v2/" + own + "/manifests/v1", "Accept", OCI_MANIFEST).statusCode()).isEqualTo(200);

        accessTokens.revoke(created.token().id());

        assertChallenge(basic.get("/v2/" + own + "/manifests/v1"), "UNAUTHORIZED", "repository:" + own + ":pull",
                "invalid_token");
    }

    private HttpResponse<byte[]> pushWith(String token) {
        return registry.withBearer(token).send("PUT", "/v2/" + repository + "/manifests/forged", image.manifest(),
                "Content-Type", OCI_MANIFEST);
    }

    private void assertInvalidToken(HttpResponse<byte[]> response) {
        assertChallenge(response, "UNAUTHORIZED", "repository:" + repository + ":pull,push", "invalid_token");
        assertThat(tagDigest(repository, "forged")).isNull();
    }

    /** The claims Berth itself would issue to the stranger for these actions. */
    private JWTClaimsSet.Builder claims(String name, String... actions) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer("berth")
                .audience("berth")
                .subject(stranger.username())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString())
                .claim("berth_use", "access")
                .claim("access", List.of(Map.of("type", "repository", "name", name, "actions", List.of(actions))));
    }

    private String sign(JWTClaimsSet claims) {
        return sign(claims, keys.current().kid());
    }

    private String sign(JWTClaimsSet claims, String kid) {
        try {
            SignedJWT jwt = new SignedJWT(header(kid), claims);
            jwt.sign(new RSASSASigner((RSAKey) keys.current().jwk()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    private static JWSHeader header(String kid) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build();
    }

}
