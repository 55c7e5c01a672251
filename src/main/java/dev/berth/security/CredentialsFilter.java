package dev.berth.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.berth.auth.AuditLog;
import dev.berth.auth.AuthException;
import dev.berth.auth.Caller;
import dev.berth.auth.CallerAuthentication;
import dev.berth.auth.Logins;
import dev.berth.auth.RegistryTokens;
import dev.berth.config.AuthProperties;

/**
 * Establishes who the caller is from {@code Authorization}: a Bearer registry token, or Basic
 * credentials (a password or an access token). Refused credentials do not make the caller
 * anonymous: the failure is left on the request for the endpoint to answer. {@code /token}
 * reads its credentials itself.
 */
final class CredentialsFilter extends OncePerRequestFilter {

    private final AuthProperties properties;
    private final Logins logins;
    private final RegistryTokens tokens;

    CredentialsFilter(AuthProperties properties, Logins logins, RegistryTokens tokens) {
        this.properties = properties;
        this.logins = logins;
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        MDC.put(AuditLog.CLIENT_ADDRESS, request.getRemoteAddr());
        try {
            Caller caller = identify(request);
            if (caller != null) {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new CallerAuthentication(caller));
                SecurityContextHolder.setContext(context);
            }
            chain.doFilter(request, response);
        } finally {
            MDC.remove(AuditLog.CLIENT_ADDRESS);
        }
    }

    /** The caller, or null for none (anonymous, or credentials refused and recorded on the request). */
    private Caller identify(HttpServletRequest request) {
        if (!properties.enabled()) {
            return Caller.UNRESTRICTED;
        }
        String authorization = request.getHeader("Authorization");
        if (authorization == null || isTokenEndpoint(request)) {
            return null;
        }
        try {
            if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return tokens.verifyAccess(authorization.substring(7).trim());
            }
            BasicCredentials basic = BasicCredentials.parse(authorization)
                    .orElseThrow(() -> new AuthException("unsupported or malformed Authorization header"));
            if (!properties.basicOnV2() && request.getRequestURI().startsWith(request.getContextPath() + "/v2")) {
                throw new AuthException("this registry takes Bearer tokens on /v2; get one from the token endpoint");
            }
            return logins.loginRepeated(basic.username(), basic.secret(), request.getRemoteAddr());
        } catch (AuthException e) {
            request.setAttribute(CallerAuthentication.FAILURE_ATTRIBUTE, e);
            return null;
        }
    }

    private static boolean isTokenEndpoint(HttpServletRequest request) {
        return request.getRequestURI().equals(request.getContextPath() + "/token");
    }
}
