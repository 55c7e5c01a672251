package dev.berthtest.oidc;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.jwk.source.JWKSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID provider for Berth's tests: Spring Authorization Server on loopback, in a JVM of its
 * own, started and stopped by {@code dev.berth.support.OpenIdProvider} (use that, not this class).
 * <ul>
 *   <li>People: authorization code with PKCE (required) through its own HTML login form at
 *       {@code /login}; confidential clients; ID tokens with {@code preferred_username}, {@code email}
 *       and {@code groups}.</li>
 *   <li>Workloads: a client-credentials client whose access tokens are CI-style OIDC tokens with the
 *       audience, claims and lifetime the request asks for (see {@link TokenClaims}).</li>
 *   <li>Keys: published at {@code /oauth2/jwks}; {@code POST /test/keys/rotate} makes a new one
 *       (see {@link RotatingKeys}).</li>
 * </ul>
 * It lives outside {@code dev.berth}, so Berth's component scan never finds it; it reads configuration
 * named {@code oidc-provider} (none exists), not Berth's {@code application.yml}; it imports only the
 * auto-configuration a web server needs; and it exits when its parent closes its standard input, so a
 * test JVM that dies leaves no provider behind.
 * <p>
 * Arguments: {@code --port=N} (0 or absent: any free one), any number of
 * {@code --client=ID:SECRET:REDIRECT_URI}, {@code --workload-client=ID:SECRET}, any number of {@code --person=NAME:PASSWORD:GROUP,GROUP}.
 * It prints {@code PROVIDER_PORT=<port>} once it listens.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableWebSecurity
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
        HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class})
@Import(ControlEndpoint.class)
public class ProviderMain {

    record Person(String name, String password, List<String> groups) {
    }

    record Client(String id, String secret, String redirectUri) {
    }

    private static final List<Client> clients = new ArrayList<>();
    private static Client workloadClient = new Client("workloads", UUID.randomUUID().toString(), null);
    private static final Map<String, Person> people = new LinkedHashMap<>();

    public static void main(String[] args) {
        String port = "0";
        List<String> springArguments = new ArrayList<>(List.of("--server.address=127.0.0.1",
                "--spring.config.name=oidc-provider", "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        for (String argument : args) {
            if (argument.startsWith("--port=")) {
                port = argument.substring("--port=".length());
            } else if (argument.startsWith("--client=")) {
                String[] parts = argument.substring("--client=".length()).split(":", 3);
                clients.add(new Client(parts[0], parts[1], parts[2]));
            } else if (argument.startsWith("--workload-client=")) {
                String[] parts = argument.substring("--workload-client=".length()).split(":", 2);
                workloadClient = new Client(parts[0], parts[1], null);
            } else if (argument.startsWith("--person=")) {
                String[] parts = argument.substring("--person=".length()).split(":", 3);
                List<String> groups = parts.length < 3 || parts[2].isEmpty() ? List.of()
                        : Arrays.asList(parts[2].split(","));
                people.put(parts[0], new Person(parts[0], parts[1], groups));
            } else {
                springArguments.add(argument);
            }
        }
        springArguments.add("--server.port=" + port);
        exitWhenParentGoes();
        SpringApplication application = new SpringApplication(ProviderMain.class);
        application.addListeners((ApplicationListener<WebServerInitializedEvent>) event ->
                System.out.println("PROVIDER_PORT=" + event.getWebServer().getPort()));
        application.run(springArguments.toArray(String[]::new));
    }

    /** The parent holds our standard input open; when it closes (or the parent dies), stop. */
    private static void exitWhenParentGoes() {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // nothing is sent; only the end matters
                }
            } catch (IOException ignored) {
                // the same: the parent is gone
            }
            System.exit(0);
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
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

    /** The test's controls (key rotation): loopback only, for the test that started the provider. */
    @Bean
    @Order(2)
    SecurityFilterChain controls(HttpSecurity http) throws Exception {
        return http.securityMatcher("/test/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /** People sign in on the form at {@code /login}. */
    @Bean
    @Order(3)
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
        List<RegisteredClient> registered = new ArrayList<>();
        registered.add(RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(workloadClient.id())
                .clientSecret("{noop}" + workloadClient.secret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .build());
        for (Client client : clients) {
            registered.add(RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(client.id())
                    .clientSecret("{noop}" + client.secret())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                    .redirectUri(client.redirectUri())
                    .scope("openid").scope("profile").scope("email")
                    .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false)
                            .build())
                    .build());
        }
        return new InMemoryRegisteredClientRepository(registered);
    }

    @Bean
    RotatingKeys signingKeys() {
        return new RotatingKeys();
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> tokenClaims(RotatingKeys keys) {
        return new TokenClaims(keys, people, workloadClient.id());
    }

    /** The userinfo endpoint reads the access tokens it is given with the provider's own keys. */
    @Bean
    JwtDecoder accessTokens(JWKSource<SecurityContext> keys) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
    }

    @Bean
    AuthorizationServerSettings serverSettings() {
        return AuthorizationServerSettings.builder().build();
    }
}
