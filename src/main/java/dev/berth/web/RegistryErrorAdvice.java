package dev.berth.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import tools.jackson.databind.json.JsonMapper;

import dev.berth.config.AuthProperties;
import dev.berth.config.BerthProperties;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.UploadRangeException;

/**
 * The one place that writes the errors of {@code /v2} and {@code /token}: the spec's body
 * {@code {"errors":[{"code","message","detail"}]}} with the code's status; for the token endpoint
 * with the OAuth2 {@code error} and {@code error_description} beside it.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes">spec: error codes</a>
 * @see <a href="https://distribution.github.io/distribution/spec/auth/oauth/">OAuth2 token spec: errors</a>
 */
@RestControllerAdvice(basePackages = {"dev.berth.distribution", "dev.berth.token"})
class RegistryErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(RegistryErrorAdvice.class);

    private final JsonMapper json;
    private final AuthProperties auth;
    private final BerthProperties berth;

    RegistryErrorAdvice(JsonMapper json, AuthProperties auth, BerthProperties berth) {
        this.json = json;
        this.auth = auth;
        this.berth = berth;
    }

    /**
     * 401 with {@code WWW-Authenticate: Bearer realm=...,service=...,scope=...}: where to get a token
     * and for what; or 429 with {@code Retry-After} for a throttled caller.
     *
     * @see <a href="https://distribution.github.io/distribution/spec/auth/token/">token spec: the challenge</a>
     */
    @ExceptionHandler(RegistryChallenge.class)
    void challenge(RegistryChallenge e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (e.retryAfter() != null) {
            response.setHeader(RetryAfter.HEADER, RetryAfter.seconds(e.retryAfter()));
            write(response, 429, OciErrorCode.TOOMANYREQUESTS, e.getMessage());
            return;
        }
        StringBuilder challenge = new StringBuilder("Bearer realm=\"").append(realm(request))
                .append("\",service=\"").append(auth.service()).append('"');
        if (e.scope() != null) {
            challenge.append(",scope=\"").append(e.scope()).append('"');
        }
        if (e.error() != null) {
            challenge.append(",error=\"").append(e.error()).append('"');
        }
        response.setHeader("WWW-Authenticate", challenge.toString());
        write(response, 401, e.code(), e.getMessage());
    }

    /** The token endpoint's URL: under {@code berth.external-url}, or as the client reached us (proxy headers included). */
    private String realm(HttpServletRequest request) {
        if (berth.externalUrl() != null) {
            String base = berth.externalUrl().toString();
            return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/token";
        }
        return ServletUriComponentsBuilder.fromContextPath(request).path("/token").build().toUriString();
    }

    /** A refused token request; never cached, and a 401 says which credentials to send. */
    @ExceptionHandler(TokenRefusal.class)
    void token(TokenRefusal e, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (e.retryAfter() != null) {
            response.setHeader(RetryAfter.HEADER, RetryAfter.seconds(e.retryAfter()));
        }
        if (e.status() == 401) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"berth\"");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.oauthError());
        body.put("error_description", e.getMessage());
        body.put("errors", List.of(Map.of("code", e.code().name(), "message", e.getMessage())));
        writeBody(response, e.status(), body);
    }

    @ExceptionHandler(UploadRangeException.class)
    void uploadRange(UploadRangeException e, HttpServletResponse response) throws IOException {
        response.setHeader("Range", RegistryHeaders.uploadRange(e.currentOffset()));
        write(response, e.httpStatus(), e.code(), e.detail());
    }

    @ExceptionHandler(OciException.class)
    void oci(OciException e, HttpServletResponse response) throws IOException {
        write(response, e.httpStatus(), e.code(), e.detail());
    }

    @ExceptionHandler(UncheckedIOException.class)
    void io(UncheckedIOException e, HttpServletResponse response) throws IOException {
        log.warn("I/O failure serving a request: {}", e.getMessage());
        write(response, 500, OciErrorCode.UNKNOWN, "an I/O error occurred; the request can be retried");
    }

    @ExceptionHandler(Exception.class)
    void unexpected(Exception e, HttpServletResponse response) throws IOException {
        log.error("unexpected failure", e);
        write(response, 500, OciErrorCode.UNKNOWN, "internal error; see the registry's log");
    }

    private void write(HttpServletResponse response, int status, OciErrorCode code, String detail)
            throws IOException {
        writeBody(response, status, Map.of("errors", List.of(Map.of(
                "code", code.name(),
                "message", code.message(),
                "detail", detail == null ? "" : detail))));
    }

    private void writeBody(HttpServletResponse response, int status, Map<String, Object> errors) throws IOException {
        if (response.isCommitted()) {
            // Headers (and maybe bytes) are out: no error body can follow. Failing here lets the
            // container close the connection, so the client sees a broken response, not a short one.
            throw new IOException("the response was already under way; closing the connection");
        }
        byte[] body = json.writeValueAsBytes(errors);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
