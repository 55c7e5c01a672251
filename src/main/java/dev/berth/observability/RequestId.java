package dev.berth.observability;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id that ties a request's log lines together and that a client or proxy can quote. An
 * incoming {@code X-Request-Id} is kept when it is short and plain, so ids chain across proxies;
 * anything else is replaced, so a client cannot put arbitrary text into our logs.
 */
final class RequestId {

    static final String HEADER = "X-Request-Id";

    /** The MDC key; structured logs (ECS, Logstash) carry it as a field of every line. */
    static final String MDC_KEY = "requestId";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestId() {
    }

    /** The incoming id when it is sane, otherwise a new random one. */
    static String from(String incoming) {
        if (incoming != null && SANE.matcher(incoming).matches()) {
            return incoming;
        }
        return generate();
    }

    /** 128 random bits as 32 hex digits; not a secret, so no SecureRandom contention per request. */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }
}
