package dev.berth.registry;

import java.util.List;

/** One page of a listing (browse and admin APIs), with the total that paging needs. */
public record Listing<T>(List<T> items, int page, int size, long total) {

    public Listing {
        items = List.copyOf(items);
    }

    /** A Spring Data page of rows, each shown as {@code view} makes it. */
    public static <E, T> Listing<T> of(org.springframework.data.domain.Page<E> found,
                                       java.util.function.Function<E, T> view) {
        return new Listing<>(found.getContent().stream().map(view).toList(), found.getNumber(), found.getSize(),
                found.getTotalElements());
    }

    /** Whether a page follows this one. */
    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }
}
