package dev.berth.registry;

import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;

/**
 * The {@code n} and {@code last} of a listing. {@code n} is checked and capped before anything is
 * allocated by it.
 *
 * @param size the page size, already capped to the registry's maximum
 * @param last the last item of the previous page; the page starts after it ("" for the first page)
 */
public record PageRequest(int size, String last) {

    /** Parses the query parameters; {@code n} absent means the maximum page. */
    public static PageRequest parse(String n, String last, int maxPageSize) {
        int size = maxPageSize;
        if (n != null) {
            long requested;
            try {
                requested = Long.parseLong(n);
            } catch (NumberFormatException e) {
                throw new OciException(OciErrorCode.PAGINATION_NUMBER_INVALID, "n must be a non-negative integer");
            }
            if (requested < 0) {
                throw new OciException(OciErrorCode.PAGINATION_NUMBER_INVALID, "n must be a non-negative integer");
            }
            size = (int) Math.min(requested, maxPageSize);
        }
        return new PageRequest(size, last == null ? "" : last);
    }
}
