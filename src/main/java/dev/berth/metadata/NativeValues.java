package dev.berth.metadata;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * What the queries here take and give beyond entities: {@code LIKE} arguments with their wildcards
 * escaped (every query uses {@code escape '!'}), and the columns of native rows, whose Java types
 * differ between H2 and PostgreSQL.
 */
public final class NativeValues {

    private NativeValues() {
    }

    /** Matches text containing {@code query}; everything when it is empty. */
    public static String containing(String query) {
        return query == null || query.isEmpty() ? "%" : "%" + escape(query) + "%";
    }

    /** Matches repository names inside {@code namespace} ({@code namespace/...}). */
    public static String inNamespace(String namespace) {
        return escape(namespace) + "/%";
    }

    /** A timestamp parameter for plain JDBC: drivers take OffsetDateTime for TIMESTAMP WITH TIME ZONE, not Instant. */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A timestamp column of a native row. */
    public static Instant instant(Object value) {
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

    /** A numeric column of a native row (Integer, Long or BigDecimal, by database). */
    public static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static String escape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
