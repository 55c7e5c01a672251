package dev.berth.browse;

import org.springframework.http.HttpStatus;

/** A refused API request, answered as RFC 9457 problem details. */
final class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final long retryAfterSeconds;

    ApiProblem(HttpStatus status, String detail) {
        this(status, detail, 0);
    }

    ApiProblem(HttpStatus status, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    HttpStatus status() {
        return status;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
