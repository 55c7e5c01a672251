package dev.berth.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The test provider does what the OIDC and workload identity tests rely on, checked over plain HTTP as a
 * relying party would: a person signs in on its form with authorization code and PKCE and gets an ID token
 * with their groups; a CI job's token carries the claims, audience and lifetime asked for; both verify
 * against the JWKS, which after a rotation holds the new key as well as the old one.
 */
class OpenIdProviderTest {

    private static final String REDIRECT_URI = "http://127.0.0.1:9/login/oauth2/code/corp";

    @TempDir
    static Path dir;

    private static OpenIdProvider provider;

    @BeforeAll
    static void start() {
        provider = OpenIdProvider.start(dir.resolve("provider.log"),
                new OpenIdProvider.Client("berth", "client-secret", REDIRECT_URI),
                new OpenIdProvider.Person("alice", "alice-pw", List.of("platform-team", "ops")));
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void discovery_namesTheIssuerAndItsJwks() throws Exception {
        Map<String, Object> discovery = JSONObjectUtils.parse(get(provider.issuer() + "/.well-known/openid-configuration"));

        assertThat(discovery).containsEntry("issuer", provider.issuer()).containsEntry("jwks_uri", provider.jwksUri());
    }

    @Test
    void person_signsInOnTheForm_withPkce_andTheIdTokenListsTheirGroups() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String verifier = "verifier-" + "x".repeat(50);
        String authorize = provider.issuer() + "/oauth2/authorize?response_type=code&client_id=berth&scope="
                + encode("openid profile") + "&state=s1&nonce=n1&redirect_uri=" + encode(REDIRECT_URI)
                + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256";

        HttpResponse<String> toLogin = send(browser, HttpRequest.newBuilder(URI.create(authorize))
                .header("Accept", "text/html").build());
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(location(toLogin)).isEqualTo(provider.issuer() + "/login");
        String form = send(browser, HttpRequest.newBuilder(URI.create(provider.issuer() + "/login")).build()).body();
        HttpResponse<String> loggedIn = send(browser, HttpRequest.newBuilder(URI.create(provider.issuer() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=alice-pw&_csrf="
                        + encode(csrf(form)))).build());
        HttpResponse<String> toClient = send(browser, HttpRequest.newBuilder(URI.create(location(loggedIn)))
                .header("Accept", "text/html").build());
        assertThat(location(toClient)).startsWith(REDIRECT_URI + "?code=").endsWith("&state=s1");
        String code = location(toClient).replaceAll(".*[?&]code=([^&]+).*", "$1");

        Map<String, Object> tokens = JSONObjectUtils.parse(send(browser, HttpRequest.newBuilder(
                        URI.create(provider.issuer() + "/oauth2/token"))
                .header("Authorization", basic("berth", "client-secret"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code
                        + "&redirect_uri=" + encode(REDIRECT_URI) + "&code_verifier=" + verifier)).build()).body());
        JWTClaimsSet idToken = verified((String) tokens.get("id_token"));

        assertThat(idToken.getIssuer()).isEqualTo(provider.issuer());
        assertThat(idToken.getAudience()).containsExactly("berth");
        assertThat(idToken.getSubject()).isEqualTo("alice");
        assertThat(idToken.getStringClaim("nonce")).isEqualTo("n1");
        assertThat(idToken.getStringListClaim("groups")).containsExactly("platform-team", "ops");
        assertThat(idToken.getStringClaim("preferred_username")).isEqualTo("alice");
    }

    @Test
    void authorizationRequestWithoutPkce_isRefused() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> refused = send(browser, HttpRequest.newBuilder(URI.create(provider.issuer()
                        + "/oauth2/authorize?response_type=code&client_id=berth&scope=openid&state=s2&redirect_uri="
                        + encode(REDIRECT_URI)))
                .header("Accept", "text/html").build());

        assertThat(location(refused)).startsWith(REDIRECT_URI + "?error=invalid_request");
    }

    @Test
    void wrongPassword_staysOnTheLoginForm() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String form = send(browser, HttpRequest.newBuilder(URI.create(provider.issuer() + "/login")).build()).body();
        HttpResponse<String> refused = send(browser, HttpRequest.newBuilder(URI.create(provider.issuer() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=wrong&_csrf="
                        + encode(csrf(form)))).build());

        assertThat(location(refused)).isEqualTo(provider.issuer() + "/login?error");
    }

    @Test
    void workloadToken_carriesTheClaimsAudienceAndLifetimeAskedFor() throws Exception {
        Instant issuedAt = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String jwt = provider.issueWorkloadToken(OpenIdProvider.WorkloadToken
                .githubActions("https://registry.example.com", "acme/app", "refs/heads/main")
                .withClaim("ref_protected", true)
                .issued(issuedAt, Duration.ofMinutes(10)));

        JWTClaimsSet claims = verified(jwt);
        assertThat(claims.getIssuer()).isEqualTo(provider.issuer());
        assertThat(claims.getAudience()).containsExactly("https://registry.example.com");
        assertThat(claims.getSubject()).isEqualTo("repo:acme/app:ref:refs/heads/main");
        assertThat(claims.getStringClaim("repository")).isEqualTo("acme/app");
        assertThat(claims.getStringClaim("ref")).isEqualTo("refs/heads/main");
        assertThat(claims.getBooleanClaim("ref_protected")).isTrue();
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(issuedAt);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(issuedAt.plus(Duration.ofMinutes(10)));
        assertThat(claims.getClaim("scope")).isNull();
    }

    @Test
    void workloadTokens_eachGetAJtiOfTheirOwn() throws Exception {
        OpenIdProvider.WorkloadToken token = OpenIdProvider.WorkloadToken.githubActions("berth", "acme/app",
                "refs/heads/main");

        assertThat(verified(provider.issueWorkloadToken(token)).getJWTID())
                .isNotEqualTo(verified(provider.issueWorkloadToken(token)).getJWTID());
    }

    @Test
    void rotation_signsWithANewKey_andTheJwksKeepsTheOldOne() throws Exception {
        OpenIdProvider.WorkloadToken token = OpenIdProvider.WorkloadToken.githubActions("berth", "acme/app",
                "refs/heads/main");
        String before = SignedJWT.parse(provider.issueWorkloadToken(token)).getHeader().getKeyID();

        String rotated = provider.rotateKeys();
        SignedJWT after = SignedJWT.parse(provider.issueWorkloadToken(token));

        assertThat(rotated).isNotEqualTo(before);
        assertThat(after.getHeader().getKeyID()).isEqualTo(rotated);
        assertThat(JWKSet.load(new URL(provider.jwksUri())).getKeys()).extracting(key -> key.getKeyID())
                .containsExactlyInAnyOrder(rotated, before);
        verified(after.serialize());
    }

    /** Checks the signature against the key the JWKS publishes under the token's {@code kid}. */
    private static JWTClaimsSet verified(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        RSAKey key = (RSAKey) JWKSet.load(new URL(provider.jwksUri())).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("the JWKS publishes the signing key").isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(jwt.verify(new RSASSAVerifier(key))).as("signature").isTrue();
        return jwt.getJWTClaimsSet();
    }

    private static String csrf(String loginPage) {
        Matcher matcher = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage);
        assertThat(matcher.find()).as("the login form carries a CSRF token: " + loginPage).isTrue();
        return matcher.group(1);
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError("no redirect: " + response.statusCode() + " " + response.body()));
    }

    private static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String get(String url) throws IOException, InterruptedException {
        return send(HttpClient.newHttpClient(), HttpRequest.newBuilder(URI.create(url)).build()).body();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request)
            throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
