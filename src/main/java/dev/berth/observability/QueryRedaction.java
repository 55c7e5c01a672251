package dev.berth.observability;

import java.util.Locale;

/**
 * A query string fit for a log: the value of every parameter whose name suggests a secret
 * ({@code password}, {@code token}, {@code secret}, {@code key}, {@code signature}, ...) is replaced.
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

    private static boolean looksSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
