package dev.berth.registry;

import java.util.List;

/** One page of a listing in byte order; {@code hasMore} says whether a next page exists. */
public record Page<T>(List<T> items, boolean hasMore) {

    public Page {
        items = List.copyOf(items);
    }

    public static <T> Page<T> ofFetched(List<T> fetched, int pageSize) {
        boolean more = fetched.size() > pageSize;
        return new Page<>(more ? fetched.subList(0, pageSize) : fetched, more);
    }
}
