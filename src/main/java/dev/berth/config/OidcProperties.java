package dev.berth.config;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in for people through OpenID Connect providers (Keycloak, Entra ID, Google, GitLab, ...).
 *
 * @param providers the providers the login page offers; none by default
 */
@ConfigurationProperties("berth.auth.oidc")
public record OidcProperties(@DefaultValue List<Provider> providers) {

    /**
     * One OpenID provider, found through {@code <issuer-uri>/.well-known/openid-configuration}.
     *
     * @param id            names the provider in paths ({@code /oauth2/authorization/<id>}) and in
     *                      origins ({@code oidc:<id>}): lowercase letters, digits and {@code -}
     * @param displayName   what the login page says: "Sign in with &lt;display name&gt;"
     * @param issuerUri     the issuer, exactly as its ID tokens' {@code iss} says it
     * @param clientId      Berth's client id at the provider
     * @param clientSecret  Berth's client secret there (never logged)
     * @param scopes        the scopes asked for; {@code openid} is always among them
     * @param usernameClaim the ID token claim that gives the Berth username (lowercased; from an
     *                      e-mail-like value, the part before {@code @})
     * @param groupsClaim   the claim listing the person's groups, for group mapping
     */
    public record Provider(String id, String displayName, URI issuerUri, String clientId, String clientSecret,
                           @DefaultValue({"openid", "profile", "email"}) List<String> scopes,
                           @DefaultValue("preferred_username") String usernameClaim,
                           @DefaultValue("groups") String groupsClaim) {

        /** Never prints the client secret (settings get logged). */
        @Override
        public String toString() {
            return "Provider[id=" + id + ", displayName=" + displayName + ", issuerUri=" + issuerUri + ", clientId="
                    + clientId + ", clientSecret=" + (clientSecret == null ? "unset" : "***") + ", scopes=" + scopes
                    + ", usernameClaim=" + usernameClaim + ", groupsClaim=" + groupsClaim + "]";
        }
    }
}
