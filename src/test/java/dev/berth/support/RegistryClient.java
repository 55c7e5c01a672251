package dev.berth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A small HTTP client for tests: raw requests against the registry, plus the few push steps most
 * tests need as set-up. Assertions stay in the tests.
 */
public final class RegistryClient {

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final boolean followRedirects;
    /** The Authorization header sent with every request unless the request sets its own; null for none. */
    private final String authorization;

    /** A client that sends no credentials. */
    public RegistryClient(String baseUrl) {
        this(baseUrl, true, null);
    }

    private RegistryClient(String baseUrl, boolean followRedirects, String authorization) {
        this.baseUrl = baseUrl;
        this.followRedirects = followRedirects;
        this.authorization = authorization;
    }

    /** The same client sending HTTP Basic credentials with every request. */
    public RegistryClient withBasic(String username, String password) {
        return new RegistryClient(baseUrl, followRedirects, basic(username, password));
    }

    /** The same client sending {@code Authorization: Bearer <token>} with every request. */
    public RegistryClient withBearer(String token) {
        return new RegistryClient(baseUrl, followRedirects, "Bearer " + token);
    }

    /** The same client without credentials. */
    public RegistryClient anonymous() {
        return new RegistryClient(baseUrl, followRedirects, null);
    }

    /** The Authorization header value this client sends, or null. */
    public String authorization() {
        return authorization;
    }

    /** A request builder for {@code pathOrUrl} carrying this client's credentials, for tests that send requests themselves. */
    public HttpRequest.Builder request(String pathOrUrl) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(resolve(pathOrUrl));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    public static String basic(String username, String password) {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Sends a request; {@code pathOrUrl} may be a path ("/v2/...") or a Location header value. */
    public HttpResponse<byte[]> send(String method, String pathOrUrl, byte[] body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(resolve(pathOrUrl)).timeout(Duration.ofMinutes(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        boolean ownAuthorization = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
            ownAuthorization |= "Authorization".equalsIgnoreCase(headers[i]);
        }
        if (authorization != null && !ownAuthorization) {
            builder.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            if ("GET".equals(method) && response.statusCode() == 307 && followRedirects) {
                return followBlobRedirect(response, headers);
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A blob GET answered with a 307 (blobs in S3, {@code redirect} on) is followed as container
     * clients do: to the store's URL, with the same headers (so {@code Range} applies there).
     */
    private HttpResponse<byte[]> followBlobRedirect(HttpResponse<byte[]> redirect, String... headers)
            throws IOException, InterruptedException {
        URI target = URI.create(redirect.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("307 without Location")));
        HttpRequest.Builder builder = HttpRequest.newBuilder(redirect.uri().resolve(target))
                .timeout(Duration.ofMinutes(5)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (!"Authorization".equalsIgnoreCase(headers[i])) {
                builder.header(headers[i], headers[i + 1]);
            }
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A client that shows a redirect instead of following it, for tests about the redirect itself. */
    public RegistryClient notFollowingRedirects() {
        return new RegistryClient(baseUrl, false, authorization);
    }

    public HttpResponse<byte[]> get(String pathOrUrl, String... headers) {
        return send("GET", pathOrUrl, null, headers);
    }

    public HttpResponse<byte[]> head(String pathOrUrl, String... headers) {
        return send("HEAD", pathOrUrl, null, headers);
    }

    public HttpResponse<byte[]> delete(String pathOrUrl) {
        return send("DELETE", pathOrUrl, null);
    }

    /** Pushes a blob with one monolithic POST and returns its digest; fails unless the registry answers 201. */
    public String pushBlob(String repository, byte[] content) {
        String digest = sha256(content);
        HttpResponse<byte[]> response = send("POST", "/v2/" + repository + "/blobs/uploads/?digest=" + digest, content,
                "Content-Type", "application/octet-stream");
        if (response.statusCode() != 201) {
            throw new AssertionError("blob push answered " + response.statusCode() + ": " + text(response));
        }
        return digest;
    }

    /** Pushes a manifest; fails unless the registry answers 201. Returns the manifest's digest. */
    public String putManifest(String repository, String reference, String mediaType, byte[] manifest) {
        HttpResponse<byte[]> response = send("PUT", "/v2/" + repository + "/manifests/" + reference, manifest,
                "Content-Type", mediaType);
        if (response.statusCode() != 201) {
            throw new AssertionError("manifest push answered " + response.statusCode() + ": " + text(response));
        }
        return sha256(manifest);
    }

    public URI resolve(String pathOrUrl) {
        return pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : URI.create(baseUrl + pathOrUrl);
    }

    public static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    public static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
