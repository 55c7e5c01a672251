package dev.berth.observability;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A query string fit for a log: the value of every parameter whose name suggests a secret
 * ({@code password}, {@code token}, {@code secret}, {@code key}, {@code signature}, ...) is replaced.
 * Names are judged as the application reads them, percent-decoded ({@code pass%77ord} is
 * {@code password}); a name that does not decode is treated as a secret's.
 */
final class QueryRedaction {

    static final String REDACTED = "[redacted]";

    private static final String[] SECRET_WORDS = {"password", "passwd", "token", "secret", "key", "signature",
            "credential", "auth"};

    private QueryRedaction() {
    }

    /** The query with secret values replaced; null stays null. */
    static String redact(String query) {
        if (query == null || query.isEmpty()) {
            return query;
        }
        StringBuilder out = new StringBuilder(query.length());
        for (String parameter : query.split("&", -1)) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            int eq = parameter.indexOf('=');
            String name = eq < 0 ? parameter : parameter.substring(0, eq);
            if (eq >= 0 && looksSecret(name)) {
                out.append(name).append('=').append(REDACTED);
            } else {
                out.append(parameter);
            }
        }
        return out.toString();
    }

    private static boolean looksSecret(String encodedName) {
        String name;
        try {
            name = URLDecoder.decode(encodedName, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException undecodable) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
