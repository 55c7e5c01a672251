package dev.berth.identity.oidc;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;

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
    private static final Duration TOKEN_ENDPOINT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Checks ID tokens: the signature against the issuer's JWKS (fetched and cached by Nimbus),
     * {@code iss}, {@code aud} holding Berth's client id, {@code azp}, {@code exp} and {@code iat}.
     * The OIDC login provider checks {@code nonce} against the authorization request.
     */
    @Bean
    JwtDecoderFactory<ClientRegistration> idTokenDecoderFactory() {
        return new OidcIdTokenDecoderFactory();
    }

    /**
     * Sign-in is the only grant Berth uses and it keeps no provider tokens, so there is never a
     * client to authorize outside the browser's redirect: as Spring's manager answers with only the
     * authorization-code provider, a known client is returned and any other needs the redirect.
     * Declared so that Spring Security does not build its default manager, whose refresh and
     * client-credentials clients start an Apache HttpClient (on the classpath for the S3 SDK) and
     * load its 220 classes at every start (the redeemer below has the same reason).
     */
    @Bean
    OAuth2AuthorizedClientManager authorizedClientManager() {
        return request -> {
            if (request.getAuthorizedClient() != null) {
                return request.getAuthorizedClient();
            }
            throw new ClientAuthorizationRequiredException(request.getClientRegistrationId());
        };
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
                        .tokenEndpoint(token -> token.accessTokenResponseClient(authorizationCodeRedeemer()))
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

    /**
     * Redeems the code at the provider's token endpoint over the JDK's HTTP client, as Berth's other
     * outbound calls go, with Spring Security's converters and OAuth2 error handling. Made at the
     * first sign-in: Spring's client builds a default RestClient, and with it an Apache HttpClient,
     * in its constructor, before it takes this one.
     */
    private static OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> authorizationCodeRedeemer() {
        SingletonSupplier<RestClientAuthorizationCodeTokenResponseClient> redeemer = SingletonSupplier.of(() -> {
            JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                    .connectTimeout(TOKEN_ENDPOINT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build());
            requests.setReadTimeout(TOKEN_ENDPOINT_TIMEOUT);
            RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
            client.setRestClient(RestClient.builder().requestFactory(requests)
                    .messageConverters(List.of(new FormHttpMessageConverter(), new OAuth2AccessTokenResponseHttpMessageConverter()))
                    .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                    .build());
            return client;
        });
        return grant -> redeemer.obtain().getTokenResponse(grant);
    }
}
