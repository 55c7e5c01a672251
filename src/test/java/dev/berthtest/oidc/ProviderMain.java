package dev.berthtest.oidc;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID provider for Berth's sign-in tests: Spring Authorization Server with an HTML form
 * login, one confidential client that must use PKCE, and people whose ID tokens carry
 * {@code preferred_username}, {@code email} and {@code groups}. Run in a JVM of its own by
 * {@code dev.berth.support.OpenIdProvider}; outside {@code dev.berth}, so Berth's component scan
 * never finds it, and with its own configuration name, so Berth's {@code application.yml} is not
 * read.
 * <p>
 * Arguments: {@code --port=N} (default: any free one), {@code --client=ID:SECRET:REDIRECT_URI} and any number of
 * {@code --person=NAME:PASSWORD:GROUP,GROUP}. It prints {@code PROVIDER_PORT=<port>} once it listens.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ProviderMain {

    record Person(String name, String password, List<String> groups) {
    }

    record Client(String id, String secret, String redirectUri) {
    }

    private static Client client;
    private static final Map<String, Person> people = new LinkedHashMap<>();

    public static void main(String[] args) {
        String port = "0";
        List<String> springArguments = new ArrayList<>(List.of("--server.address=127.0.0.1",
                "--spring.config.name=oidc-provider", "--spring.flyway.enabled=false",
                "--spring.datasource.url=jdbc:h2:mem:provider", "--spring.jpa.hibernate.ddl-auto=none",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        for (String argument : args) {
            if (argument.startsWith("--port=")) {
                port = argument.substring("--port=".length());
            } else if (argument.startsWith("--client=")) {
                String[] parts = argument.substring("--client=".length()).split(":", 3);
                client = new Client(parts[0], parts[1], parts[2]);
            } else if (argument.startsWith("--person=")) {
                String[] parts = argument.substring("--person=".length()).split(":", 3);
                List<String> groups = parts.length < 3 || parts[2].isEmpty() ? List.of() : Arrays.asList(parts[2].split(","));
                people.put(parts[0], new Person(parts[0], parts[1], groups));
            } else {
                springArguments.add(argument);
            }
        }
        springArguments.add("--server.port=" + port);
        if (client == null) {
            throw new IllegalArgumentException("--client=ID:SECRET:REDIRECT_URI is required");
        }
        SpringApplication application = new SpringApplication(ProviderMain.class);
        application.addListeners((ApplicationListener<WebServerInitializedEvent>) event ->
                System.out.println("PROVIDER_PORT=" + event.getWebServer().getPort()));
        application.run(springArguments.toArray(String[]::new));
    }

    /** The protocol endpoints: authorization, token, JWKS, discovery, userinfo. */
    @Bean
    @Order(1)
    SecurityFilterChain protocol(HttpSecurity http) throws Exception {
        OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
        return http.securityMatcher(server.getEndpointsMatcher())
                .with(server, configurer -> configurer.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                .build();
    }

    /** People sign in on the form at {@code /login}. */
    @Bean
    @Order(2)
    SecurityFilterChain people(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .build();
    }

    @Bean
    UserDetailsService peopleDirectory() {
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager();
        for (Person person : people.values()) {
            manager.createUser(User.withUsername(person.name()).password("{noop}" + person.password()).roles("USER")
                    .build());
        }
        return manager;
    }

    @Bean
    RegisteredClientRepository clients() {
        RegisteredClient registered = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(client.id())
                .clientSecret("{noop}" + client.secret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUri(client.redirectUri())
                .scope("openid").scope("profile").scope("email")
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .build();
        return new InMemoryRegisteredClientRepository(registered);
    }

    /** ID tokens say who the person is and which groups they are in. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> personClaims() {
        return context -> {
            if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                return;
            }
            Person person = people.get(context.getPrincipal().getName());
            if (person != null) {
                context.getClaims().claim("preferred_username", person.name())
                        .claim("email", person.name() + "@example.test")
                        .claim("groups", person.groups());
            }
        };
    }

    @Bean
    RSAKey signingKey() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(UUID.randomUUID().toString()).build();
    }

    /** Published at the JWKS URI; signs every token. */
    @Bean
    JWKSource<SecurityContext> signingKeys(RSAKey signingKey) {
        return new ImmutableJWKSet<>(new JWKSet(signingKey));
    }

    /** The userinfo endpoint reads the access token it is given with it. */
    @Bean
    JwtDecoder accessTokens(RSAKey signingKey) throws JOSEException {
        return NimbusJwtDecoder.withPublicKey(signingKey.toRSAPublicKey()).build();
    }

    @Bean
    AuthorizationServerSettings serverSettings() {
        return AuthorizationServerSettings.builder().build();
    }
}
