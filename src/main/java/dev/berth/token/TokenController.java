package dev.berth.token;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.berth.auth.AuditLog;
import dev.berth.auth.AuthException;
import dev.berth.auth.Caller;
import dev.berth.auth.Logins;
import dev.berth.auth.RegistryTokens;
import dev.berth.auth.Scope;
import dev.berth.auth.TokenGrants;
import dev.berth.config.AuthProperties;
import dev.berth.observability.TokenMetrics;
import dev.berth.security.BasicCredentials;

/**
 * Issues registry tokens. The token carries, for each scope asked for, the actions asked for that
 * the caller may take; asking for more is not an error.
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">token spec</a>
 * @see <a href="https://distribution.github.io/distribution/spec/auth/oauth/">OAuth2 token spec</a>
 */
@RestController
class TokenController {

    private final Logins logins;
    private final TokenGrants grants;
    private final RegistryTokens tokens;
    private final AuditLog audit;
    private final AuthProperties properties;
    private final TokenMetrics metrics;

    TokenController(Logins logins, TokenGrants grants, RegistryTokens tokens, AuditLog audit,
                    AuthProperties properties, TokenMetrics metrics) {
        this.metrics = metrics;
        this.logins = logins;
        this.grants = grants;
        this.tokens = tokens;
        this.audit = audit;
        this.properties = properties;
    }

    /** The Docker flow: Basic credentials (or none, for an anonymous token), {@code service}, repeated {@code scope}. */
    @GetMapping(path = "/token", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> get(HttpServletRequest request,
                                            @RequestParam MultiValueMap<String, String> parameters) {
        if (!serviceMatches(parameters.getFirst("service"))) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "unknown service", null);
        }
        Caller caller = Caller.ANONYMOUS;
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            BasicCredentials credentials = BasicCredentials.parse(authorization).orElse(null);
            if (credentials == null) {
                return error(HttpStatus.UNAUTHORIZED, "invalid_request", "the token endpoint takes Basic credentials",
                        null);
            }
            try {
                caller = logins.login(credentials.username(), credentials.secret(), request.getRemoteAddr());
            } catch (AuthException e) {
                return refused(e);
            }
        }
        boolean offline = "true".equals(parameters.getFirst("offline_token"));
        return issue(caller, scopes(parameters.get("scope")), offline && !caller.isAnonymous(), null);
    }

    /** The OAuth2 flow: {@code grant_type=password} or {@code refresh_token}, with {@code client_id} and {@code scope}. */
    @PostMapping(path = "/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> post(HttpServletRequest request,
                                             @RequestParam MultiValueMap<String, String> form) {
        String grantType = form.getFirst("grant_type");
        if (form.getFirst("client_id") == null || form.getFirst("client_id").isBlank()) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "client_id is required", null);
        }
        if (!serviceMatches(form.getFirst("service"))) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "unknown service", null);
        }
        List<Scope> scopes = scopes(form.get("scope"));
        if ("password".equals(grantType)) {
            Caller caller;
            try {
                caller = logins.login(form.getFirst("username"), form.getFirst("password"), request.getRemoteAddr());
            } catch (AuthException e) {
                return refused(e);
            }
            return issue(caller, scopes, "offline".equals(form.getFirst("access_type")), null);
        }
        if ("refresh_token".equals(grantType)) {
            String refreshToken = form.getFirst("refresh_token");
            try {
                Caller caller = logins.refresh(refreshToken);
                audit.record(caller.displayName(), "token-refresh", null, AuditLog.Outcome.SUCCESS, null);
                return issue(caller, scopes, false, refreshToken);
            } catch (AuthException e) {
                audit.record(null, "token-refresh", null, AuditLog.Outcome.FAILURE, e.getMessage());
                metrics.tokenRefused("refresh");
                return error(HttpStatus.UNAUTHORIZED, "invalid_grant", e.getMessage(), null);
            }
        }
        return error(HttpStatus.BAD_REQUEST, "unsupported_grant_type",
                "grant_type must be password or refresh_token", null);
    }

    private ResponseEntity<Map<String, Object>> issue(Caller caller, List<Scope> scopes, boolean withRefreshToken,
                                                      String refreshToken) {
        List<Scope> granted = grants.grant(caller, scopes);
        RegistryTokens.Issued access = tokens.issueAccess(caller, granted);
        metrics.tokenIssued();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", access.token());
        body.put("access_token", access.token());
        body.put("expires_in", access.expiresIn().toSeconds());
        body.put("issued_at", DateTimeFormatter.ISO_INSTANT.format(access.issuedAt()));
        if (withRefreshToken) {
            body.put("refresh_token", tokens.issueRefresh(caller).token());
        } else if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(body);
    }

    private ResponseEntity<Map<String, Object>> refused(AuthException e) {
        metrics.tokenRefused(e.throttled() ? "throttled" : "credentials");
        if (e.throttled()) {
            return error(HttpStatus.TOO_MANY_REQUESTS, "too_many_requests", e.getMessage(), e.retryAfter());
        }
        return error(HttpStatus.UNAUTHORIZED, "invalid_grant", e.getMessage(), null);
    }

    private boolean serviceMatches(String service) {
        return service == null || service.isEmpty() || service.equals(properties.service());
    }

    /** Scopes from repeated parameters, each of which may hold several separated by spaces (OAuth2). */
    private static List<Scope> scopes(List<String> parameters) {
        List<Scope> scopes = new ArrayList<>();
        if (parameters != null) {
            for (String parameter : parameters) {
                for (String text : parameter.trim().split(" +")) {
                    Scope.parse(text).ifPresent(scopes::add);
                }
            }
        }
        return scopes;
    }

    /** OAuth2-style errors ({@code error}, {@code error_description}), plus the registry's error list for docker. */
    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String description,
                                                             Duration retryAfter) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        String code = status == HttpStatus.TOO_MANY_REQUESTS ? "TOOMANYREQUESTS"
                : status == HttpStatus.UNAUTHORIZED ? "UNAUTHORIZED" : "UNSUPPORTED";
        body.put("errors", List.of(Map.of("code", code, "message", description)));
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        if (status == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"berth\"");
        }
        return response.body(body);
    }
}
