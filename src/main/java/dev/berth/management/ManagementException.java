package dev.berth.management;

import java.util.List;

/**
 * A management request the rules refuse: the caller may not do it, the object is unknown (or
 * hidden from the caller, which looks the same so ids cannot be probed), it conflicts with the
 * current state, or its input is invalid (then with one problem per field).
 */
public class ManagementException extends RuntimeException {

    public enum Reason { FORBIDDEN, NOT_FOUND, CONFLICT, INVALID }

    /** What is wrong with one input field. */
    public record FieldProblem(String field, String message) {
    }

    private final Reason reason;
    private final List<FieldProblem> fieldProblems;

    ManagementException(Reason reason, String message, List<FieldProblem> fieldProblems) {
        super(message, null, false, false);
        this.reason = reason;
        this.fieldProblems = List.copyOf(fieldProblems);
    }

    static ManagementException forbidden(String message) {
        return new ManagementException(Reason.FORBIDDEN, message, List.of());
    }

    static ManagementException notFound(String message) {
        return new ManagementException(Reason.NOT_FOUND, message, List.of());
    }

    public static ManagementException conflict(String message) {
        return new ManagementException(Reason.CONFLICT, message, List.of());
    }

    static ManagementException invalid(String field, String message) {
        return invalid(List.of(new FieldProblem(field, message)));
    }

    static ManagementException invalid(List<FieldProblem> problems) {
        return new ManagementException(Reason.INVALID, "the request is invalid", problems);
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#INVALID}: what is wrong with each field; empty otherwise. */
    public List<FieldProblem> fieldProblems() {
        return fieldProblems;
    }
}
