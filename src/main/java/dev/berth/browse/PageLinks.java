package dev.berth.browse;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.util.UriComponentsBuilder;

import dev.berth.registry.Listing;

/** {@code Link} headers to the next and previous pages (RFC 8288), relative to the request's own path. */
final class PageLinks {

    private PageLinks() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, Listing<?> listing) {
        response.setHeader("X-Total-Count", Long.toString(listing.total()));
        if (listing.hasNext()) {
            response.addHeader("Link", "<" + pageUri(request, listing.page() + 1) + ">; rel=\"next\"");
        }
        if (listing.page() > 0) {
            response.addHeader("Link", "<" + pageUri(request, listing.page() - 1) + ">; rel=\"prev\"");
        }
    }

    private static String pageUri(HttpServletRequest request, int page) {
        String query = request.getQueryString();
        return UriComponentsBuilder.fromPath(request.getRequestURI()).query(query)
                .replaceQueryParam("page", page).build(true).toUriString();
    }
}
