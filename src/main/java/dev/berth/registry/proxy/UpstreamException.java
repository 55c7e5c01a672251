package dev.berth.registry.proxy;

/** An upstream that could not give what was asked: why, in words a client may read, and of what kind. */
final class UpstreamException extends RuntimeException {

    /** What went wrong, as the metrics count it. */
    enum Kind {
        UNREACHABLE, TIMEOUT, THROTTLED, SERVER_ERROR, NOT_FOUND, UNAUTHORIZED, INVALID_RESPONSE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Whether a cached copy should be served instead: the upstream is unwell, not authoritative. */
        boolean servesStale() {
            return this != NOT_FOUND;
        }
    }

    private final Kind kind;

    UpstreamException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
