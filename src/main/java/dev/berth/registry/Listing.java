package dev.berth.registry;

import java.util.List;

/** One page of a listing (browse and admin APIs), with the total that paging needs. */
public record Listing<T>(List<T> items, int page, int size, long total) {

    public Listing {
        items = List.copyOf(items);
    }

    /** Whether a page follows this one. */
    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }
}
