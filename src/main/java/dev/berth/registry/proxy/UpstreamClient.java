package dev.berth.registry.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.config.ProxyProperties;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;

/**
 * The registry client Berth pulls from upstreams with: {@code HEAD} and {@code GET} of manifests
 * and blobs, the token flow after a {@code 401}, redirects followed by hand (blob downloads go to
 * CDNs, which must never see the upstream's credentials), and every wait bounded by
 * {@code berth.proxy.timeout}: connecting, the answer, and each read of a body.
 */
@Component
class UpstreamClient {

    /** Every manifest type Berth stores, so the upstream never converts one (v2s2 stays v2s2). */
    static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);
    private static final int MAX_REDIRECTS = 5;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What an upstream says of a manifest; {@code payload} is null for a {@code HEAD}. */
    record RemoteManifest(Digest digest, String mediaType, long size, byte[] payload) {
    }

    private final Duration timeout;
    private final UpstreamTokens tokens;
    private final UpstreamHealth health;
    private final ProxyMetrics metrics;

    UpstreamClient(ProxyProperties properties, Clock clock, UpstreamHealth health, ProxyMetrics metrics) {
        this.timeout = properties.timeout();
        this.tokens = new UpstreamTokens(clock, properties.timeout());
        this.health = health;
        this.metrics = metrics;
    }

    /** The manifest's digest, type and size, by a {@code HEAD} (which Docker Hub does not count against its limit). */
    RemoteManifest headManifest(MirroredName name, String reference) {
        try (UpstreamResponse response = send(name, "HEAD", "manifests/" + reference, MANIFEST_ACCEPT)) {
            String digest = response.header("Docker-Content-Digest");
            if (digest == null || !Digest.looksLikeDigest(digest)) {
                throw failure(name.upstream(), UpstreamException.Kind.INVALID_RESPONSE,
                        "upstream " + name.upstream().name() + " named no digest for " + name.remote() + ":" + reference);
            }
            return new RemoteManifest(Digest.parse(digest), MediaTypes.essence(response.header("Content-Type")),
                    response.contentLength(), null);
        }
    }

    /** The manifest's bytes as the upstream stores them, at most {@code maxSize} of them. */
    RemoteManifest getManifest(MirroredName name, String reference, long maxSize) {
        try (UpstreamResponse response = send(name, "GET", "manifests/" + reference, MANIFEST_ACCEPT)) {
            byte[] payload;
            try (InputStream body = response.body()) {
                payload = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxSize + 1));
            } catch (SocketTimeoutException e) {
                throw failure(name.upstream(), UpstreamException.Kind.TIMEOUT, "upstream " + name.upstream().name()
                        + " stalled sending a manifest");
            } catch (IOException e) {
                throw failure(name.upstream(), UpstreamException.Kind.UNREACHABLE, "upstream "
                        + name.upstream().name() + " broke off sending a manifest");
            }
            if (payload.length > maxSize) {
                throw failure(name.upstream(), UpstreamException.Kind.INVALID_RESPONSE, "upstream "
                        + name.upstream().name() + " sent a manifest larger than this registry accepts");
            }
            String digest = response.header("Docker-Content-Digest");
            return new RemoteManifest(digest != null && Digest.looksLikeDigest(digest) ? Digest.parse(digest) : null,
                    MediaTypes.essence(response.header("Content-Type")), payload.length, payload);
        }
    }

    /** A page of the upstream repository's tags, at most {@code size} after {@code last}. */
    dev.berth.registry.Page<String> tags(MirroredName name, int size, String last) {
        String query = "tags/list?n=" + size + (last.isEmpty() ? "" : "&last="
                + java.net.URLEncoder.encode(last, java.nio.charset.StandardCharsets.UTF_8));
        try (UpstreamResponse response = send(name, "GET", query, "application/json")) {
            JsonNode body;
            try (InputStream in = response.body()) {
                body = JSON.readTree(in.readNBytes(16 << 20));
            } catch (IOException | RuntimeException e) {
                throw failure(name.upstream(), UpstreamException.Kind.INVALID_RESPONSE, "upstream "
                        + name.upstream().name() + " sent an unreadable tag list");
            }
            java.util.List<String> tags = new java.util.ArrayList<>();
            body.path("tags").forEach(tag -> tags.add(tag.asString()));
            String link = response.header("Link");
            boolean more = link != null && link.contains("rel=\"next\"");
            if (tags.size() > size) {
                return new dev.berth.registry.Page<>(tags.subList(0, size), true);
            }
            return new dev.berth.registry.Page<>(tags, more);
        }
    }

    /** The blob's size at the upstream; {@code NOT_FOUND} when the upstream's repository lacks it. */
    long headBlob(MirroredName name, Digest digest) {
        try (UpstreamResponse response = send(name, "HEAD", "blobs/" + digest, null)) {
            return response.contentLength();
        }
    }

    /** Opens the blob's bytes; the caller closes (or aborts) the response. */
    UpstreamResponse openBlob(MirroredName name, Digest digest) {
        return send(name, "GET", "blobs/" + digest, null);
    }

    private UpstreamResponse send(MirroredName name, String method, String path, String accept) {
        Upstream upstream = name.upstream();
        String scope = "repository:" + name.remote() + ":pull";
        URI uri = URI.create(upstream.baseUrl() + "/v2/" + name.remote() + "/" + path);
        String authorization = tokens.authorization(upstream, scope);
        UpstreamResponse response = exchange(upstream, method, uri, accept, authorization);
        if (response.status() == 401) {
            String challenge = response.header("WWW-Authenticate");
            response.close();
            String token = tokens.answer(upstream, challenge, scope);
            authorization = token != null ? "Bearer " + token
                    : upstream.credentials() != null ? UpstreamTokens.basic(upstream.credentials()) : null;
            if (authorization == null) {
                throw failure(upstream, UpstreamException.Kind.UNAUTHORIZED, "upstream " + upstream.name()
                        + " wants credentials, and none are configured");
            }
            response = exchange(upstream, method, uri, accept, authorization);
        }
        int status = response.status();
        if (status >= 200 && status < 300) {
            health.succeeded(upstream);
            return response;
        }
        response.close();
        UpstreamException.Kind kind = status == 404 ? UpstreamException.Kind.NOT_FOUND
                : status == 401 || status == 403 ? UpstreamException.Kind.UNAUTHORIZED
                : status == 429 ? UpstreamException.Kind.THROTTLED
                : status >= 500 ? UpstreamException.Kind.SERVER_ERROR
                : UpstreamException.Kind.INVALID_RESPONSE;
        if (kind == UpstreamException.Kind.NOT_FOUND) {
            health.succeeded(upstream);
        }
        throw failure(upstream, kind, "upstream " + upstream.name() + " answered " + status + " for "
                + name.remote() + " " + path.substring(0, Math.max(0, path.indexOf('/'))));
    }

    /** One request, following redirects; credentials go only to the upstream's own host. */
    private UpstreamResponse exchange(Upstream upstream, String method, URI uri, String accept, String authorization) {
        URI target = uri;
        for (int hop = 0; ; hop++) {
            try {
                HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
                connection.setInstanceFollowRedirects(false);
                connection.setRequestMethod(method);
                connection.setConnectTimeout((int) timeout.toMillis());
                connection.setReadTimeout((int) timeout.toMillis());
                connection.setRequestProperty("User-Agent", "berth-proxy");
                if (accept != null) {
                    connection.setRequestProperty("Accept", accept);
                }
                if (authorization != null && sameOrigin(target, upstream.baseUrl())) {
                    connection.setRequestProperty("Authorization", authorization);
                }
                int status = connection.getResponseCode();
                String location = connection.getHeaderField("Location");
                if (status >= 300 && status < 400 && status != 304 && location != null) {
                    connection.disconnect();
                    if (hop == MAX_REDIRECTS) {
                        throw failure(upstream, UpstreamException.Kind.INVALID_RESPONSE,
                                "upstream " + upstream.name() + " redirected too many times");
                    }
                    target = target.resolve(location);
                    if (!"https".equals(target.getScheme()) && !"http".equals(target.getScheme())) {
                        throw failure(upstream, UpstreamException.Kind.INVALID_RESPONSE,
                                "upstream " + upstream.name() + " redirected to a non-HTTP URL");
                    }
                    continue;
                }
                return new UpstreamResponse(connection, status);
            } catch (SocketTimeoutException e) {
                throw failure(upstream, UpstreamException.Kind.TIMEOUT,
                        "upstream " + upstream.name() + " did not answer within " + timeout.toSeconds() + "s");
            } catch (IOException e) {
                throw failure(upstream, UpstreamException.Kind.UNREACHABLE, "upstream " + upstream.name()
                        + " is unreachable (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    UpstreamException failure(Upstream upstream, UpstreamException.Kind kind, String message) {
        metrics.upstreamError(upstream, kind);
        if (kind != UpstreamException.Kind.NOT_FOUND) {
            health.failed(upstream, message);
        }
        return new UpstreamException(kind, message);
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && a.getPort() == b.getPort();
    }
}
