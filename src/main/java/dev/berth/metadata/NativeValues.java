package dev.berth.metadata;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;

/**
 * What the statements here take and give beyond plain columns: {@code LIKE} arguments with their
 * wildcards escaped (every query uses {@code escape '!'}), timestamps (whose Java types differ
 * between H2 and PostgreSQL), and digests as the text the tables hold. Used inside this package only.
 */
final class NativeValues {

    private NativeValues() {
    }

    /** Matches text containing {@code query}; everything when it is empty. */
    static String containing(String query) {
        return query == null || query.isEmpty() ? "%" : "%" + escape(query) + "%";
    }

    /** Matches repository names inside {@code namespace} ({@code namespace/...}). */
    static String inNamespace(String namespace) {
        return startingWith(namespace + "/");
    }

    /** Matches text that starts with {@code prefix}. */
    static String startingWith(String prefix) {
        return escape(prefix) + "%";
    }

    /** A timestamp parameter: drivers take OffsetDateTime for TIMESTAMP WITH TIME ZONE, not Instant. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A timestamp column. */
    static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + (value == null ? null : value.getClass()));
    }

    /** A timestamp column that may be null (an aggregate over no rows). */
    static Instant instantOrNull(Object value) {
        return value == null ? null : instant(value);
    }

    /** Values as the text columns hold them ({@code Digest.toString()}), for an {@code IN (...)} list. */
    static List<String> strings(Collection<?> values) {
        return values.stream().map(Object::toString).toList();
    }

    private static String escape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
