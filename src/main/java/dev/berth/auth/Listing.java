package dev.berth.auth;

import java.util.List;
import java.util.function.Function;

import org.springframework.data.domain.Page;

/** One page of a listing, and how many items there are in all. */
public record Listing<T>(List<T> items, int page, int size, long total) {

    public Listing {
        items = List.copyOf(items);
    }

    static <E, T> Listing<T> of(Page<E> found, Function<E, T> view) {
        return new Listing<>(found.getContent().stream().map(view).toList(), found.getNumber(), found.getSize(),
                found.getTotalElements());
    }

    /** Whether a page follows this one. */
    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }
}
