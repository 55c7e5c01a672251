package dev.berth.api;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.berth.registry.Listing;

/** A listing as a response: the page in the body, {@code Link} headers to the next and previous pages. */
public final class Pages {

    private Pages() {
    }

    public static <T> ResponseEntity<Listing<T>> of(Listing<T> listing) {
        List<String> links = new ArrayList<>();
        if (listing.hasNext()) {
            links.add(link(listing.page() + 1, listing.size(), "next"));
        }
        if (listing.page() > 0) {
            long lastPage = Math.max(0, (listing.total() - 1) / listing.size());
            links.add(link((int) Math.min(listing.page() - 1, lastPage), listing.size(), "prev"));
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (!links.isEmpty()) {
            response.header(HttpHeaders.LINK, String.join(", ", links));
        }
        return response.body(listing);
    }

    private static String link(int page, int size, String rel) {
        String uri = ServletUriComponentsBuilder.fromCurrentRequest()
                .replaceQueryParam("page", page).replaceQueryParam("size", size).build().toUriString();
        return "<" + uri + ">; rel=\"" + rel + "\"";
    }
}
