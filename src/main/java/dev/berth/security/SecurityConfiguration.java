package dev.berth.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;

import dev.berth.auth.Logins;
import dev.berth.auth.RegistryTokens;
import dev.berth.config.AuthProperties;

/**
 * One stateless filter chain: no sessions, cookies, CSRF tokens or login pages (every client
 * sends credentials on each request). {@link CredentialsFilter} identifies the caller; each
 * endpoint checks the rights it needs, since those depend on the repository a path names. The web
 * UI's files are public (they hold no data; the UI asks the API with the user's token) and carry a
 * strict Content-Security-Policy.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * The web UI loads only its own scripts, styles and images: no inline script or style, no
     * other origin, no plugins, no framing. Its fetches go to this server only.
     */
    static final String WEB_UI_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /** Paths of the API surfaces; everything else is the web UI's page and static files. */
    private static final String[] API_PREFIXES = {"/v2", "/token", "/api/", "/actuator"};

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, AuthProperties properties, Logins logins,
                                            RegistryTokens tokens) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                // Blob and manifest responses carry their own caching headers.
                .headers(headers -> headers.cacheControl(cache -> cache.disable())
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(SecurityConfiguration::isWebUi,
                                new ContentSecurityPolicyHeaderWriter(WEB_UI_POLICY))))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .addFilterBefore(new CredentialsFilter(properties, logins, tokens), AuthorizationFilter.class)
                .build();
    }

    /** The UI's page ({@code /}, {@code /index.html}) and its static files, not the registry and APIs. */
    static boolean isWebUi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        for (String prefix : API_PREFIXES) {
            if (path.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The chain's own filters, authentications and authorizations go unobserved: each request is
     * measured once already ({@code http.server.requests}), and an observation around every filter
     * cost each request a wrapper and a context per filter (bench/profile.sh, its allocation summary).
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    WebSecurityCustomizer registryFirewall() {
        return web -> web.httpFirewall(new RegistryFirewall());
    }
}
