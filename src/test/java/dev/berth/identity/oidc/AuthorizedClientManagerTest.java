package dev.berth.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/** Sign-in is Berth's only grant: the manager never fetches tokens on its own. */
class AuthorizedClientManagerTest {

    private final OAuth2AuthorizedClientManager manager = new OidcSignInConfiguration().authorizedClientManager();
    private final TestingAuthenticationToken person = new TestingAuthenticationToken("alice", "n/a");

    @Test
    void unknownClient_needsTheBrowserRedirect() {
        OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId("corp").principal(person).build();

        assertThatThrownBy(() -> manager.authorize(request)).isInstanceOf(ClientAuthorizationRequiredException.class)
                .satisfies(e -> assertThat(((ClientAuthorizationRequiredException) e).getClientRegistrationId()).isEqualTo("corp"));
    }

    @Test
    void knownClient_isReturnedAsItIs() {
        ClientRegistration corp = ClientRegistration.withRegistrationId("corp").clientId("berth")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("http://localhost/login/oauth2/code/corp")
                .authorizationUri("http://127.0.0.1/authorize").tokenUri("http://127.0.0.1/token").build();
        OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(corp, "alice", new OAuth2AccessToken(
                OAuth2AccessToken.TokenType.BEARER, "token", Instant.now(), Instant.now().plusSeconds(60)));

        assertThat(manager.authorize(OAuth2AuthorizeRequest.withAuthorizedClient(client).principal(person).build()))
                .isSameAs(client);
    }
}
