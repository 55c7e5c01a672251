package dev.berth.management;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.berth.registry.Listing;

/** A page asked for by number (from 0) and size (1 to {@value #MAX_SIZE}). */
public record Paging(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    /** @throws ManagementException (invalid) when the page is negative or the size out of range */
    public static Paging of(int page, int size) {
        List<ManagementException.FieldProblem> problems = new ArrayList<>();
        if (page < 0) {
            problems.add(new ManagementException.FieldProblem("page", "must be 0 or more"));
        }
        if (size < 1 || size > MAX_SIZE) {
            problems.add(new ManagementException.FieldProblem("size", "must be between 1 and " + MAX_SIZE));
        }
        if (!problems.isEmpty()) {
            throw ManagementException.invalid(problems);
        }
        return new Paging(page, size);
    }

    /** The index of the page's first item. */
    int offset() {
        return Math.multiplyExact(page, size);
    }

    /** This page of rows, each shown as {@code view} makes it, with the total that paging needs. */
    <R, T> Listing<T> listing(List<R> rows, long total, Function<R, T> view) {
        return new Listing<>(rows.stream().map(view).toList(), page, size, total);
    }
}
