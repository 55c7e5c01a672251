package dev.berth.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

import dev.berth.auth.Logins;
import dev.berth.auth.RegistryTokens;
import dev.berth.config.AuthProperties;

/**
 * One stateless filter chain: no sessions, cookies, CSRF tokens or login pages (every client
 * sends credentials on each request). {@link CredentialsFilter} identifies the caller; each
 * endpoint checks the rights it needs, since those depend on the repository a path names.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

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
                .headers(headers -> headers.cacheControl(cache -> cache.disable()))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .addFilterBefore(new CredentialsFilter(properties, logins, tokens), AuthorizationFilter.class)
                .build();
    }

    @Bean
    WebSecurityCustomizer registryFirewall() {
        return web -> web.httpFirewall(new RegistryFirewall());
    }
}
