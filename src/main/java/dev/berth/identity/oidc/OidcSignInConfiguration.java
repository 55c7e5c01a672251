package dev.berth.identity.oidc;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

import dev.berth.auth.AuditLog;
import dev.berth.identity.ExternalAccounts;

/**
 * A filter chain for the two OAuth2 login paths only, ahead of Berth's stateless one:
 * {@code /oauth2/authorization/<provider>} sends the browser to the provider (state, nonce, PKCE),
 * and {@code /login/oauth2/code/<provider>} takes it back, redeems the code and checks the ID token.
 * The authorization request waits in an HTTP session between the two, so several replicas need
 * the load balancer to keep a browser on one replica for that minute (sticky sessions); the session
 * ends with the sign-in. Nothing else is kept: no security context, no provider tokens.
 */
@Configuration(proxyBeanMethods = false)
class OidcSignInConfiguration {

    static final String AUTHORIZATION_PATHS = "/oauth2/authorization/**";
    static final String CALLBACK_PATHS = "/login/oauth2/code/**";

    /**
     * Checks ID tokens: the signature against the issuer's JWKS (fetched and cached by Nimbus),
     * {@code iss}, {@code aud} holding Berth's client id, {@code azp}, {@code exp} and {@code iat}.
     * The OIDC login provider checks {@code nonce} against the authorization request.
     */
    @Bean
    JwtDecoderFactory<ClientRegistration> idTokenDecoderFactory() {
        return new OidcIdTokenDecoderFactory();
    }

    @Bean
    @Order(1)
    SecurityFilterChain oidcSignInChain(HttpSecurity http, OidcProviders providers, ExternalAccounts accounts,
                                        SignInCodes codes, AuditLog audit) throws Exception {
        OidcSignInHandler handler = new OidcSignInHandler(providers, accounts, codes, audit);
        return http
                .securityMatcher(AUTHORIZATION_PATHS, CALLBACK_PATHS)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                // Both paths are GETs that change nothing on their own; the state parameter ties the
                // callback to the browser's session.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .oauth2Login(login -> login
                        .clientRegistrationRepository(providers)
                        .authorizedClientRepository(new NoAuthorizedClients())
                        .successHandler(handler)
                        .failureHandler(handler)
                        .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                            @Override
                            public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                                // A provider that cannot be discovered: to the login page with the reason, not a 500.
                                filter.setAuthenticationFailureHandler(handler);
                                return filter;
                            }
                        }))
                .build();
    }
}
