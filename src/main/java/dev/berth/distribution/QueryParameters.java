package dev.berth.distribution;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The query string, parsed without {@code getParameter}: for a {@code POST} with a form content
 * type (curl's default) the servlet container would otherwise read the request body as form
 * fields, and the blob bytes would be gone.
 */
final class QueryParameters {

    private final List<String[]> pairs;

    private QueryParameters(List<String[]> pairs) {
        this.pairs = pairs;
    }

    static QueryParameters of(HttpServletRequest request) {
        String query = request.getQueryString();
        List<String[]> pairs = new ArrayList<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String key = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                pairs.add(new String[] {key, value});
            }
        }
        return new QueryParameters(pairs);
    }

    /** The first value of {@code name}, or null. */
    String first(String name) {
        for (String[] pair : pairs) {
            if (pair[0].equals(name)) {
                return pair[1];
            }
        }
        return null;
    }

    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (String[] pair : pairs) {
            if (pair[0].equals(name)) {
                values.add(pair[1]);
            }
        }
        return values;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
