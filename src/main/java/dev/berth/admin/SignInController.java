package dev.berth.admin;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.berth.api.ApiProblem;
import dev.berth.auth.Caller;
import dev.berth.auth.RegistryTokens;
import dev.berth.auth.Scope;
import dev.berth.auth.TokenGrants;
import dev.berth.identity.oidc.OidcProviders;
import dev.berth.identity.oidc.SignInCodes;

/**
 * {@code /api/v1/sign-in}: what the login page offers besides passwords (the OIDC providers), and
 * the exchange of the one-time code an OIDC sign-in hands the web UI for the tokens a password login
 * gives it: a registry token for the account ({@code account:self:*}) and a refresh token.
 */
@RestController
@RequestMapping(path = "/api/v1/sign-in", produces = "application/json")
class SignInController {

    record Providers(List<OidcProviders.Listed> providers) {
    }

    record Exchange(String code) {
    }

    private final OidcProviders providers;
    private final SignInCodes codes;
    private final TokenGrants grants;
    private final RegistryTokens tokens;

    SignInController(OidcProviders providers, SignInCodes codes, TokenGrants grants, RegistryTokens tokens) {
        this.providers = providers;
        this.codes = codes;
        this.grants = grants;
        this.tokens = tokens;
    }

    /** Public: the login page lists them before anyone signs in. Each starts at {@code oauth2/authorization/<id>}. */
    @GetMapping("/providers")
    Providers providers() {
        return new Providers(providers.list());
    }

    @PostMapping(path = "/exchange", consumes = "application/json")
    ResponseEntity<Map<String, Object>> exchange(@RequestBody Exchange exchange) {
        Caller caller = codes.redeem(exchange == null ? null : exchange.code()).orElseThrow(() ->
                new ApiProblem(HttpStatus.BAD_REQUEST, "the sign-in code is unknown, used or expired; sign in again"));
        RegistryTokens.Issued access = tokens.issueAccess(caller, grants.grant(caller, List.of(Scope.ACCOUNT)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", caller.username());
        body.put("token", access.token());
        body.put("access_token", access.token());
        body.put("expires_in", access.expiresIn().toSeconds());
        body.put("issued_at", DateTimeFormatter.ISO_INSTANT.format(access.issuedAt()));
        body.put("refresh_token", tokens.issueRefresh(caller).token());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }
}
