package dev.berthtest.oidc;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * What the provider writes into its tokens beyond the protocol's claims.
 * <ul>
 *   <li>Every token names its signing key ({@code kid}), so the JWKS can hold two keys after a rotation.</li>
 *   <li>ID tokens of people: {@code preferred_username}, {@code email} and {@code groups}.</li>
 *   <li>Access tokens of the workload client (client credentials): a CI job's OIDC token, made from the
 *       token request's extra parameters: {@code audience}, {@code claims} (a JSON object, applied as given;
 *       {@code sub} among them), {@code lifetime} (seconds, default 300) and {@code issued_at} (epoch
 *       seconds, default now; in the past for a token that has already expired). Each gets a fresh
 *       {@code jti} unless {@code claims} names one.</li>
 * </ul>
 */
final class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private final RotatingKeys keys;
    private final Map<String, ProviderMain.Person> people;
    private final String workloadClientId;

    TokenClaims(RotatingKeys keys, Map<String, ProviderMain.Person> people, String workloadClientId) {
        this.keys = keys;
        this.people = people;
        this.workloadClientId = workloadClientId;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        context.getJwsHeader().keyId(keys.currentKeyId()).type("JWT");
        if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            ProviderMain.Person person = people.get(context.getPrincipal().getName());
            if (person != null) {
                context.getClaims().claim("preferred_username", person.name())
                        .claim("email", person.name() + "@example.test")
                        .claim("groups", person.groups());
            }
        } else if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
                && AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())
                && workloadClientId.equals(context.getRegisteredClient().getClientId())) {
            workloadToken(context.getClaims(),
                    ((OAuth2ClientCredentialsAuthenticationToken) context.getAuthorizationGrant()).getAdditionalParameters());
        }
    }

    private static void workloadToken(JwtClaimsSet.Builder claims, Map<String, Object> request) {
        Instant issuedAt = request.get("issued_at") instanceof String at ? Instant.ofEpochSecond(Long.parseLong(at))
                : Instant.now();
        Duration lifetime = request.get("lifetime") instanceof String seconds
                ? Duration.ofSeconds(Long.parseLong(seconds)) : DEFAULT_LIFETIME;
        claims.issuedAt(issuedAt).notBefore(issuedAt).expiresAt(issuedAt.plus(lifetime))
                .id(UUID.randomUUID().toString())
                .claims(all -> all.remove("scope"));
        if (request.get("audience") instanceof String audience) {
            claims.audience(List.of(audience));
        }
        if (request.get("claims") instanceof String json) {
            try {
                JSONObjectUtils.parse(json).forEach(claims::claim);
            } catch (ParseException e) {
                throw new IllegalArgumentException("claims must be a JSON object", e);
            }
        }
    }
}
