package dev.berth.api;

import org.springframework.http.HttpStatus;

/** A refused {@code /api/v1} request: its status and why, answered as RFC 9457 problem details. */
public final class ApiProblem extends RuntimeException {

    private final HttpStatus status;

    public ApiProblem(HttpStatus status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
