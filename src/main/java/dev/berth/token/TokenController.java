package dev.berth.token;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
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
import dev.berth.auth.WorkloadLogins;
import dev.berth.config.AuthProperties;
import dev.berth.observability.TokenMetrics;
import dev.berth.oci.OciErrorCode;
import dev.berth.registry.proxy.Upstreams;
import dev.berth.security.BasicCredentials;
import dev.berth.web.TokenRefusal;

/**
 * Issues registry tokens. The token carries, for each scope asked for, the actions asked for that
 * the caller may take; asking for more is not an error. Refusals are {@link TokenRefusal}s, which
 * the registry's one error advice writes.
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">token spec</a>
 * @see <a href="https://distribution.github.io/distribution/spec/auth/oauth/">OAuth2 token spec</a>
 */
@RestController
class TokenController {

    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final List<String> JWT_TOKEN_TYPES = List.of("urn:ietf:params:oauth:token-type:jwt",
            "urn:ietf:params:oauth:token-type:id_token");

    private final Logins logins;
    private final TokenGrants grants;
    private final RegistryTokens tokens;
    private final AuditLog audit;
    private final AuthProperties properties;
    private final TokenMetrics metrics;
    private final Upstreams upstreams;

    TokenController(Logins logins, TokenGrants grants, RegistryTokens tokens, AuditLog audit,
                    AuthProperties properties, TokenMetrics metrics, Upstreams upstreams) {
        this.metrics = metrics;
        this.upstreams = upstreams;
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
            throw TokenRefusal.invalidRequest("unknown service");
        }
        Caller caller = Caller.ANONYMOUS;
        boolean workloadToken = false;
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            BasicCredentials credentials = BasicCredentials.parse(authorization).orElse(null);
            if (credentials == null) {
                throw new TokenRefusal(401, OciErrorCode.UNAUTHORIZED, "invalid_request",
                        "the token endpoint takes Basic credentials", null);
            }
            workloadToken = WorkloadLogins.isWorkloadToken(credentials.username(), credentials.secret());
            try {
                caller = logins.login(credentials.username(), credentials.secret(), request.getRemoteAddr());
            } catch (AuthException e) {
                throw refused(e);
            }
        }
        // A CI job's token gets no refresh token: the job's own token, which lives minutes, bounds its login.
        boolean offline = "true".equals(parameters.getFirst("offline_token")) && !workloadToken;
        return issue(caller, scopes(parameters.get("scope")), offline && !caller.isAnonymous(), null);
    }

    /**
     * The OAuth2 flow: {@code grant_type=password} or {@code refresh_token}, with {@code client_id} and
     * {@code scope}; and for CI jobs, their OIDC token exchanged for a registry token as the robot
     * {@code username} (RFC 8693 token exchange with {@code subject_token}, or RFC 7523's JWT bearer
     * grant with {@code assertion}).
     */
    @PostMapping(path = "/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> post(HttpServletRequest request,
                                             @RequestParam MultiValueMap<String, String> form) {
        String grantType = form.getFirst("grant_type");
        if (form.getFirst("client_id") == null || form.getFirst("client_id").isBlank()) {
            throw TokenRefusal.invalidRequest("client_id is required");
        }
        if (!serviceMatches(form.getFirst("service"))) {
            throw TokenRefusal.invalidRequest("unknown service");
        }
        List<Scope> scopes = scopes(form.get("scope"));
        if ("password".equals(grantType)) {
            Caller caller;
            try {
                caller = logins.login(form.getFirst("username"), form.getFirst("password"), request.getRemoteAddr());
            } catch (AuthException e) {
                throw refused(e);
            }
            boolean offline = "offline".equals(form.getFirst("access_type"))
                    && !WorkloadLogins.isWorkloadToken(form.getFirst("username"), form.getFirst("password"));
            return issue(caller, scopes, offline, null);
        }
        if (TOKEN_EXCHANGE.equals(grantType) || JWT_BEARER.equals(grantType)) {
            return exchange(request, form, scopes, TOKEN_EXCHANGE.equals(grantType));
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
                throw TokenRefusal.invalidGrant(e.getMessage());
            }
        }
        throw new TokenRefusal(400, OciErrorCode.UNSUPPORTED, "unsupported_grant_type",
                "grant_type must be password, refresh_token, " + TOKEN_EXCHANGE + " or " + JWT_BEARER, null);
    }

    /** A CI job's OIDC token for a registry token of the robot it names: never a refresh token. */
    private ResponseEntity<Map<String, Object>> exchange(HttpServletRequest request, MultiValueMap<String, String> form,
                                                         List<Scope> scopes, boolean tokenExchange) {
        String token = form.getFirst(tokenExchange ? "subject_token" : "assertion");
        String username = form.getFirst("username");
        if (tokenExchange && !JWT_TOKEN_TYPES.contains(String.valueOf(form.getFirst("subject_token_type")))) {
            throw TokenRefusal.invalidRequest("subject_token_type must be one of " + JWT_TOKEN_TYPES);
        }
        if (username == null || !WorkloadLogins.isWorkloadToken(username, token)) {
            throw TokenRefusal.invalidRequest("username (the robot, namespace+name) and a JWT as "
                    + (tokenExchange ? "subject_token" : "assertion") + " are required");
        }
        Caller caller;
        try {
            caller = logins.login(username, token, request.getRemoteAddr());
        } catch (AuthException e) {
            throw refused(e);
        }
        ResponseEntity<Map<String, Object>> issued = issue(caller, scopes, false, null);
        Map<String, Object> body = new LinkedHashMap<>(issued.getBody());
        body.put("token_type", "Bearer");
        if (tokenExchange) {
            body.put("issued_token_type", "urn:ietf:params:oauth:token-type:access_token");
        }
        return ResponseEntity.ok().headers(issued.getHeaders()).body(body);
    }

    private ResponseEntity<Map<String, Object>> issue(Caller caller, List<Scope> scopes, boolean withRefreshToken,
                                                      String refreshToken) {
        List<Scope> granted = grants.grant(caller, scopes, upstreams::cachedNamesFor);
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

    private TokenRefusal refused(AuthException e) {
        metrics.tokenRefused(e.throttled() ? "throttled" : "credentials");
        return e.throttled() ? TokenRefusal.throttled(e.getMessage(), e.retryAfter())
                : TokenRefusal.invalidGrant(e.getMessage());
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
}
