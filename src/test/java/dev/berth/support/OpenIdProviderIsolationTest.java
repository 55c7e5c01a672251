package dev.berth.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import com.nimbusds.jose.jwk.source.JWKSource;

/**
 * The test provider's authorization server stays in the provider's JVM: Berth's own test contexts
 * (this one is every {@link BerthHttpTest}'s) configure none of it. The test classpath carries Spring
 * Authorization Server as a library without Spring Boot's auto-configuration module, so nothing
 * configures it unless asked to, as only {@code dev.berthtest.oidc.ProviderMain} does.
 */
class OpenIdProviderIsolationTest extends BerthHttpTest {

    @Autowired
    ApplicationContext context;

    @Test
    void berthContext_hasNoAuthorizationServerBeans() {
        assertThat(context.getBeanNamesForType(AuthorizationServerSettings.class)).isEmpty();
        assertThat(context.getBeanNamesForType(RegisteredClientRepository.class)).isEmpty();
        assertThat(context.getBeanNamesForType(OAuth2AuthorizationService.class)).isEmpty();
        assertThat(context.getBeanNamesForType(JWKSource.class)).isEmpty();
    }

    @Test
    void authorizationServerAutoConfiguration_isNotOnTheTestClasspath() {
        assertThatThrownBy(() -> Class.forName("org.springframework.boot.security.oauth2.server.authorization"
                + ".autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void berth_servesNoAuthorizationServerEndpoints() {
        for (String path : new String[] {"/.well-known/openid-configuration", "/oauth2/jwks", "/oauth2/authorize"}) {
            HttpResponse<byte[]> response = registry.anonymous().get(path);
            assertThat(response.statusCode()).as(path).isIn(401, 404);
        }
    }
}
