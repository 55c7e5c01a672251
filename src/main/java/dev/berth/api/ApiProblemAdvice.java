package dev.berth.api;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import tools.jackson.core.JacksonException;

import dev.berth.auth.AuthException;
import dev.berth.web.RetryAfter;
import dev.berth.management.ManagementException;

/** The one place that writes {@code /api/v1} errors (admin and browse), as RFC 9457 problem details. */
@RestControllerAdvice(basePackages = {"dev.berth.admin", "dev.berth.browse"})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemAdvice.class);
    static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    /** 401 with a Basic challenge (Bearer registry tokens are accepted too), or 429 when throttled. */
    @ExceptionHandler(ApiAuthenticationException.class)
    ResponseEntity<Problem> unauthenticated(ApiAuthenticationException e, HttpServletRequest request) {
        if (e.retryAfter() != null) {
            return problem(HttpStatus.TOO_MANY_REQUESTS, e.getMessage(), request, null,
                    RetryAfter.HEADER, RetryAfter.seconds(e.retryAfter()));
        }
        return problem(HttpStatus.UNAUTHORIZED, e.getMessage(), request, null,
                HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"berth\"");
    }

    /** A password check inside a request (the current password of a change) that was throttled or refused. */
    @ExceptionHandler(AuthException.class)
    ResponseEntity<Problem> refusedCredentials(AuthException e, HttpServletRequest request) {
        return unauthenticated(new ApiAuthenticationException(e.getMessage(), e.retryAfter()), request);
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Problem> refused(ApiProblem e, HttpServletRequest request) {
        return problem(e.status(), e.getMessage(), request, null);
    }

    @ExceptionHandler(ManagementException.class)
    ResponseEntity<Problem> refused(ManagementException e, HttpServletRequest request) {
        return switch (e.reason()) {
            case FORBIDDEN -> problem(HttpStatus.FORBIDDEN, e.getMessage(), request, null);
            case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, e.getMessage(), request, null);
            case CONFLICT -> problem(HttpStatus.CONFLICT, e.getMessage(), request, null);
            case INVALID -> problem(HttpStatus.BAD_REQUEST, e.getMessage(), request, e.fieldProblems().stream()
                    .map(field -> new Problem.FieldError(field.field(), field.message())).toList());
        };
    }

    /** Unparseable JSON, or a value of the wrong type (then naming the field). */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Problem> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        if (e.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            StringBuilder field = new StringBuilder();
            for (JacksonException.Reference reference : jackson.getPath()) {
                if (reference.getPropertyName() != null) {
                    field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
                } else if (reference.getIndex() >= 0) {
                    field.append('[').append(reference.getIndex()).append(']');
                }
            }
            return problem(HttpStatus.BAD_REQUEST, "the request is invalid", request,
                    List.of(new Problem.FieldError(field.toString(), "has the wrong type")));
        }
        return problem(HttpStatus.BAD_REQUEST, "the body is not the JSON this endpoint reads", request, null);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Problem> mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "the request is invalid", request,
                List.of(new Problem.FieldError(e.getName(), "has the wrong type")));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Problem> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json", request, null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Problem> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
            return problem(HttpStatus.valueOf(known.getStatusCode().value()), e.getMessage(), request, null);
        }
        log.error("API request {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "the server failed; see its log", request, null);
    }

    private static ResponseEntity<Problem> problem(HttpStatus status, String detail, HttpServletRequest request,
                                                   List<Problem.FieldError> errors, String... headers) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(PROBLEM_JSON);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            response.header(headers[i], headers[i + 1]);
        }
        return response.body(new Problem("about:blank", status.getReasonPhrase(), status.value(), detail,
                request.getRequestURI(), errors));
    }
}
