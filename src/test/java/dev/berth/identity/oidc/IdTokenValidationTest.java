package dev.berth.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * The ID token checks of Berth's OIDC sign-in (its {@code JwtDecoderFactory} bean), with tokens this
 * test signs with Nimbus and a JWKS served over real HTTP on loopback, as an issuer serves it: the
 * provider's own token passes; one signed with another key (under the provider's key id), for
 * another audience, from another issuer, expired, unsigned or MAC-signed fails.
 */
class IdTokenValidationTest {

    private static final String CLIENT_ID = "berth";

    private static HttpServer issuer;
    private static RSAKey providerKey;
    private static String issuerUri;
    private static JwtDecoder decoder;

    @BeforeAll
    static void serveJwks() throws IOException, JOSEException {
        providerKey = new RSAKeyGenerator(2048).keyID("provider-key").generate();
        byte[] jwks = new JWKSet(providerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        issuer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        issuer.start();
        issuerUri = "http://127.0.0.1:" + issuer.getAddress().getPort();
        ClientRegistration registration = ClientRegistration.withRegistrationId("test")
                .clientId(CLIENT_ID).clientSecret("secret")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid")
                .authorizationUri(issuerUri + "/authorize").tokenUri(issuerUri + "/token")
                .jwkSetUri(issuerUri + "/jwks").issuerUri(issuerUri)
                .userNameAttributeName("sub")
                .build();
        decoder = new OidcSignInConfiguration().idTokenDecoderFactory().createDecoder(registration);
    }

    @AfterAll
    static void stop() {
        issuer.stop(0);
    }

    @Test
    void tokenOfTheProvider_forBerth_passes() throws JOSEException {
        Jwt jwt = decoder.decode(signed(providerKey, claims().build()));

        assertThat(jwt.getSubject()).isEqualTo("person-1");
        assertThat(jwt.getAudience()).containsExactly(CLIENT_ID);
    }

    @Test
    void tokenSignedWithAnotherKey_underTheProvidersKeyId_fails() throws JOSEException {
        RSAKey forger = new RSAKeyGenerator(2048).keyID(providerKey.getKeyID()).generate();

        assertThatThrownBy(() -> decoder.decode(signed(forger, claims().build())))
                .isInstanceOf(JwtException.class).hasMessageContaining("Invalid signature");
    }

    @Test
    void tokenForAnotherAudience_fails() throws JOSEException {
        String token = signed(providerKey, claims().audience(List.of("some-other-client")).build());

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class).hasMessageContaining("aud");
    }

    @Test
    void tokenFromAnotherIssuer_fails() throws JOSEException {
        String token = signed(providerKey, claims().issuer("https://elsewhere.example.com").build());

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class).hasMessageContaining("iss");
    }

    @Test
    void expiredToken_fails() throws JOSEException {
        Instant past = Instant.now().minusSeconds(3600);
        String token = signed(providerKey, claims().issueTime(Date.from(past.minusSeconds(300)))
                .expirationTime(Date.from(past)).build());

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class).hasMessageContaining("expired");
    }

    @Test
    void unsignedOrMacSignedToken_fails() throws JOSEException {
        String unsigned = new PlainJWT(claims().build()).serialize();
        SignedJWT mac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(providerKey.getKeyID()).build(),
                claims().build());
        mac.sign(new MACSigner("a-secret-anyone-could-guess-of-32-bytes!!"));

        assertThatThrownBy(() -> decoder.decode(unsigned)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(mac.serialize())).isInstanceOf(JwtException.class);
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuerUri).subject("person-1").audience(CLIENT_ID)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("preferred_username", "alice");
    }

    private static String signed(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
