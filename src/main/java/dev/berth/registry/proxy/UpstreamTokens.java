package dev.berth.registry.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer tokens from upstreams' token services (the Docker token flow Docker Hub, ghcr.io and
 * quay.io use, anonymous or with configured credentials), cached per upstream and scope until
 * shortly before they expire.
 */
final class UpstreamTokens {

    /** Tokens are dropped this long before their end, so none expires on its way to the upstream. */
    private static final Duration MARGIN = Duration.ofSeconds(10);
    private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Cached(String token, Instant expires) {
    }

    private final Map<String, Cached> tokens = new ConcurrentHashMap<>();
    /** Upstreams that challenged with {@code Basic}: their credentials go along from the first request. */
    private final java.util.Set<String> basicUpstreams = ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private final Duration timeout;

    UpstreamTokens(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    /** What to send unasked: a cached token for the scope, or Basic credentials to an upstream that wants them; or null. */
    String authorization(Upstream upstream, String scope) {
        String token = cached(upstream, scope);
        if (token != null) {
            return "Bearer " + token;
        }
        if (upstream.credentials() != null && basicUpstreams.contains(upstream.name())) {
            return basic(upstream.credentials());
        }
        return null;
    }

    /** The cached token for the scope, or null. */
    String cached(Upstream upstream, String scope) {
        Cached cached = tokens.get(upstream.name() + " " + scope);
        if (cached == null || !clock.instant().isBefore(cached.expires())) {
            return null;
        }
        return cached.token();
    }

    /**
     * Answers a {@code 401}'s challenge: a token from the realm it names for the scope (the
     * challenge's own scope when it gives one), or null for a {@code Basic} challenge.
     */
    String answer(Upstream upstream, String challenge, String scope) {
        if (challenge == null || !challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
            basicUpstreams.add(upstream.name());
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = PARAMETER.matcher(challenge);
        while (matcher.find()) {
            parameters.put(matcher.group(1).toLowerCase(java.util.Locale.ROOT), matcher.group(2));
        }
        String realm = parameters.get("realm");
        if (realm == null || !(realm.startsWith("https://") || realm.startsWith("http://"))) {
            throw new UpstreamException(UpstreamException.Kind.INVALID_RESPONSE,
                    "upstream " + upstream.name() + " challenged with no usable token realm");
        }
        StringBuilder query = new StringBuilder();
        if (parameters.containsKey("service")) {
            query.append("service=").append(encode(parameters.get("service")));
        }
        String asked = parameters.getOrDefault("scope", scope);
        if (asked != null) {
            query.append(query.isEmpty() ? "" : "&").append("scope=").append(encode(asked));
        }
        URI uri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
        Cached fetched = fetch(upstream, uri);
        tokens.put(upstream.name() + " " + scope, fetched);
        return fetched.token();
    }

    private Cached fetch(Upstream upstream, URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            if (upstream.credentials() != null) {
                connection.setRequestProperty("Authorization", basic(upstream.credentials()));
            }
            int status = connection.getResponseCode();
            if (status == 401 || status == 403) {
                connection.disconnect();
                throw new UpstreamException(UpstreamException.Kind.UNAUTHORIZED, "upstream " + upstream.name()
                        + "'s token service refused " + (upstream.credentials() == null ? "an anonymous token"
                        : "the configured credentials") + " (" + status + ")");
            }
            if (status != 200) {
                connection.disconnect();
                throw new UpstreamException(status == 429 ? UpstreamException.Kind.THROTTLED
                        : UpstreamException.Kind.SERVER_ERROR,
                        "upstream " + upstream.name() + "'s token service answered " + status);
            }
            JsonNode body;
            try (InputStream in = connection.getInputStream()) {
                body = JSON.readTree(in.readNBytes(1 << 20));
            }
            String token = body.path("token").asString(body.path("access_token").asString(""));
            if (token.isEmpty()) {
                throw new UpstreamException(UpstreamException.Kind.INVALID_RESPONSE,
                        "upstream " + upstream.name() + "'s token service gave no token");
            }
            long expiresIn = Math.max(60, body.path("expires_in").asLong(60));
            return new Cached(token, clock.instant().plusSeconds(expiresIn).minus(MARGIN));
        } catch (java.net.SocketTimeoutException e) {
            throw new UpstreamException(UpstreamException.Kind.TIMEOUT,
                    "upstream " + upstream.name() + "'s token service did not answer in time");
        } catch (IOException e) {
            throw new UpstreamException(UpstreamException.Kind.UNREACHABLE,
                    "upstream " + upstream.name() + "'s token service is unreachable");
        }
    }

    static String basic(Upstream.Credentials credentials) {
        return "Basic " + Base64.getEncoder().encodeToString((credentials.username() + ":" + credentials.password())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
