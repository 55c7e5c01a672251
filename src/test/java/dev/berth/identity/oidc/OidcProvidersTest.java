package dev.berth.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.config.BerthProperties;
import dev.berth.config.OidcProperties;

/** The providers as configured: checked at start, listed for the login page, their secret never printed. */
class OidcProvidersTest {

    private static final BerthProperties BERTH = new BerthProperties(Path.of("data"), null);

    @Test
    void list_showsIdsAndDisplayNames_inTheOrderConfigured() {
        OidcProviders providers = new OidcProviders(new OidcProperties(List.of(provider("keycloak", "Keycloak"),
                provider("gitlab", null))), BERTH);

        assertThat(providers.list()).containsExactly(new OidcProviders.Listed("keycloak", "Keycloak"),
                new OidcProviders.Listed("gitlab", "gitlab"));
        assertThat(providers.findByRegistrationId("nope")).isNull();
    }

    @Test
    void settingsThatCannotWork_stopTheStartNamingThem() {
        assertThatThrownBy(() -> new OidcProviders(new OidcProperties(List.of(provider("Key Cloak", null))), BERTH))
                .hasMessageStartingWith("berth.auth.oidc.providers[0].id must be lowercase letters and digits");
        assertThatThrownBy(() -> new OidcProviders(new OidcProperties(List.of(provider("a", null),
                provider("a", null))), BERTH)).hasMessage("berth.auth.oidc.providers: the id a is used twice");
        OidcProperties.Provider noSecret = new OidcProperties.Provider("a", null, URI.create("https://idp.example.com"),
                "berth", null, List.of("openid"), "preferred_username", "groups");
        assertThatThrownBy(() -> new OidcProviders(new OidcProperties(List.of(noSecret)), BERTH))
                .hasMessage("berth.auth.oidc.providers[0].client-secret is required");
        OidcProperties.Provider noIssuer = new OidcProperties.Provider("a", null, null, "berth", "s",
                List.of("openid"), "preferred_username", "groups");
        assertThatThrownBy(() -> new OidcProviders(new OidcProperties(List.of(noIssuer)), BERTH))
                .hasMessageStartingWith("berth.auth.oidc.providers[0].issuer-uri is required");
    }

    @Test
    void unreachableIssuer_failsTheSignInWithTheReason_andIsTriedAgainLater() {
        OidcProperties.Provider down = new OidcProperties.Provider("down", null, URI.create("http://127.0.0.1:1/realm"),
                "berth", "secret", List.of("openid"), "preferred_username", "groups");
        OidcProviders providers = new OidcProviders(new OidcProperties(List.of(down)), BERTH);

        assertThatThrownBy(() -> providers.findByRegistrationId("down"))
                .hasMessage("the provider down cannot be reached");
        assertThatThrownBy(() -> providers.findByRegistrationId("down"))
                .hasMessage("the provider down cannot be reached");
    }

    @Test
    void toString_masksTheClientSecret() {
        assertThat(provider("keycloak", "Keycloak").toString()).doesNotContain("the-client-secret")
                .contains("clientSecret=***");
    }

    private static OidcProperties.Provider provider(String id, String displayName) {
        return new OidcProperties.Provider(id, displayName, URI.create("https://idp.example.com/realms/acme"),
                "berth", "the-client-secret", List.of("openid", "profile"), "preferred_username", "groups");
    }
}
