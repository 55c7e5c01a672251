package dev.berth.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.support.RegistryClient;

/**
 * What the distribution API tests share: reading the spec's error body and JSON listings, asserting
 * "nothing was stored", and the two kinds of request {@link RegistryClient} cannot make (a streamed
 * body without Content-Length, and a request whose Content-Length lies).
 */
final class OciResponses {

    static final String API_VERSION = "Docker-Distribution-API-Version";
    static final String CONTENT_DIGEST = "Docker-Content-Digest";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient STREAMING = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private OciResponses() {
    }

    static JsonNode json(HttpResponse<byte[]> response) {
        return JSON.readTree(response.body());
    }

    static String header(HttpResponse<byte[]> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /**
     * The response is the spec's error: this status, {@code {"errors":[{"code","message","detail"}]}}
     * with this code first, as JSON, with the API version header like every other response.
     */
    static void assertError(HttpResponse<byte[]> response, int status, String code) {
        assertThat(response.statusCode()).as("status of %s", RegistryClient.text(response)).isEqualTo(status);
        assertThat(header(response, API_VERSION)).isEqualTo("registry/2.0");
        assertThat(header(response, "Content-Type")).startsWith("application/json");
        JsonNode errors = json(response).get("errors");
        assertThat(errors).as("errors array").isNotNull();
        assertThat(errors.isArray()).isTrue();
        assertThat(errors.size()).isGreaterThanOrEqualTo(1);
        JsonNode first = errors.get(0);
        assertThat(first.get("code").asString()).isEqualTo(code);
        assertThat(first.get("message").isString()).isTrue();
        assertThat(first.get("message").asString()).isNotBlank();
        assertThat(first.has("detail")).as("detail present").isTrue();
    }

    /** HEAD and GET of the blob through {@code repository} both say it is unknown. */
    static void assertBlobAbsent(RegistryClient registry, String repository, String digest) {
        HttpResponse<byte[]> head = registry.head("/v2/" + repository + "/blobs/" + digest);
        assertThat(head.statusCode()).as("HEAD %s in %s", digest, repository).isEqualTo(404);
        assertError(registry.get("/v2/" + repository + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
    }

    static void assertManifestAbsent(RegistryClient registry, String repository, String reference) {
        assertThat(registry.head("/v2/" + repository + "/manifests/" + reference).statusCode())
                .as("HEAD manifest %s in %s", reference, repository).isEqualTo(404);
        assertError(registry.get("/v2/" + repository + "/manifests/" + reference), 404, "MANIFEST_UNKNOWN");
    }

    /** Every repository of the catalog, following its pages. */
    static List<String> catalog(RegistryClient registry) {
        List<String> names = new ArrayList<>();
        String next = "/v2/_catalog";
        while (next != null) {
            HttpResponse<byte[]> response = registry.get(next);
            assertThat(response.statusCode()).isEqualTo(200);
            json(response).get("repositories").forEach(name -> names.add(name.asString()));
            next = nextLink(response);
        }
        return names;
    }

    /** The target of {@code Link: <...>; rel="next"}, or null. */
    static String nextLink(HttpResponse<byte[]> response) {
        String link = header(response, "Link");
        if (link == null) {
            return null;
        }
        assertThat(link).matches("<[^>]+>; rel=\"next\"");
        return link.substring(1, link.indexOf('>'));
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    /** A session's Location, from a 202 answer to POST. */
    static String startUpload(RegistryClient registry, String repository) {
        HttpResponse<byte[]> response = registry.send("POST", "/v2/" + repository + "/blobs/uploads/", null);
        assertThat(response.statusCode()).isEqualTo(202);
        return header(response, "Location");
    }

    /** {@code location} with {@code name=value} added to its query. */
    static String withQuery(String location, String name, String value) {
        return location + (location.contains("?") ? "&" : "?") + name + "=" + value;
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String sha512(byte[] content) {
        try {
            return "sha512:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends {@code body} as a stream of unknown length, so it goes out with
     * {@code Transfer-Encoding: chunked} and no Content-Length, as the Docker CLI and Go clients send.
     */
    static HttpResponse<byte[]> sendStreamed(RegistryClient registry, String method, String pathOrUrl, byte[] body,
                                             String... headers) {
        HttpRequest.Builder builder = registry.request(pathOrUrl)
                .timeout(Duration.ofMinutes(2))
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            return STREAMING.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes an HTTP/1.1 request by hand (for what HttpClient refuses to send: a lying Content-Length,
     * unnormalised paths), half-closes the connection and returns the status line and the rest of
     * the first response as text.
     */
    static RawResponse sendRaw(RegistryClient registry, String requestHead, byte[] body) {
        URI base = URI.create(registry.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = registry.authorization() == null ? requestHead
                    : requestHead + "Authorization: " + registry.authorization() + "\n";
            out.write(head.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            IOException failure = null;
            try {
                if (body != null) {
                    out.write(body);
                }
                out.flush();
                socket.shutdownOutput();
            } catch (IOException closedEarly) {
                // A server that rejects the request line answers and closes before the body is sent: the
                // answer is what the test reads.
                failure = closedEarly;
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    received.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                failure = failure == null ? reset : failure;
            }
            if (received.size() == 0 && failure != null) {
                throw failure;
            }
            return RawResponse.parse(received.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first response on a raw connection. */
    record RawResponse(int status, String head, String body) {

        static RawResponse parse(String text) {
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String rest = end < 0 ? "" : text.substring(end + 4);
            String[] statusLine = head.split("\r\n", 2)[0].split(" ");
            return new RawResponse(Integer.parseInt(statusLine[1]), head, rest);
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }
}
