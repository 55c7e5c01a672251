package dev.berth.admin;

import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.berth.api.ApiCallers;
import dev.berth.api.Pages;
import dev.berth.management.Paging;
import dev.berth.management.TokenAdministration.Token;
import dev.berth.management.TokenAdministration;
import dev.berth.registry.Listing;

/** {@code /api/v1/users/{username}/tokens}: access tokens, to use as a password for docker login and scripts. */
@RestController
@RequestMapping(path = "/api/v1/users/{username}/tokens", produces = "application/json")
class AccessTokenController {

    /**
     * @param expiresAt     when the token stops working; or give {@code expiresInDays}; neither: never
     * @param namespace     limits the token to one namespace
     * @param actions       limits the token to some of pull, push, delete; left out: all
     */
    record CreateToken(String description, Instant expiresAt, Integer expiresInDays, String namespace,
                       List<String> actions) {
    }

    /** A token just created: {@code token} is its secret, shown this once. */
    record CreatedToken(String id, String token, String description, String namespace, List<String> actions,
                        Instant expiresAt, Instant createdAt) {
    }

    private final TokenAdministration tokens;
    private final ApiCallers callers;

    AccessTokenController(TokenAdministration tokens, ApiCallers callers) {
        this.tokens = tokens;
        this.callers = callers;
    }

    @GetMapping
    ResponseEntity<Listing<Token>> list(@PathVariable String username, @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "20") int size, HttpServletRequest request) {
        return Pages.of(tokens.list(callers.require(request), username, Paging.of(page, size)));
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<CreatedToken> create(@PathVariable String username, @RequestBody CreateToken body,
                                        HttpServletRequest request) {
        TokenAdministration.Created created = tokens.create(callers.require(request), username, body.description(),
                body.expiresAt(), body.expiresInDays(), body.namespace(), body.actions());
        Token token = created.token();
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest()
                        .path("/{id}").buildAndExpand(token.id()).toUri())
                .body(new CreatedToken(token.id(), created.secret(), token.description(), token.namespace(),
                        token.actions(), token.expiresAt(), token.createdAt()));
    }

    @GetMapping("/{id}")
    Token get(@PathVariable String username, @PathVariable String id, HttpServletRequest request) {
        return tokens.get(callers.require(request), username, id);
    }

    /** Revokes the token: it stops working at once. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable String username, @PathVariable String id, HttpServletRequest request) {
        tokens.revoke(callers.require(request), username, id);
        return ResponseEntity.noContent().build();
    }
}
