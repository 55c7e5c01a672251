package dev.berth.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback relay in front of a real upstream registry, for tests that must count what the cache
 * asks of its upstream or make the upstream misbehave: it forwards every request and answer as
 * they are, counts blob GETs per digest (and manifest GETs and HEADs) that were answered and the bytes relayed, and on demand flips a byte of each
 * blob body (a lying upstream) or drops the connection halfway through one (an upstream that dies).
 */
final class UpstreamRelay implements AutoCloseable {

    enum Fault { NONE, CORRUPT_BLOBS, CUT_BLOBS }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding",
            "host", "keep-alive", "upgrade", "date");

    private final HttpServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, AtomicInteger> blobGets = new ConcurrentHashMap<>();
    private final AtomicInteger manifestGets = new AtomicInteger();
    private final AtomicInteger manifestHeads = new AtomicInteger();
    private final AtomicLong blobBytes = new AtomicLong();
    private volatile Fault fault = Fault.NONE;

    UpstreamRelay(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::relay);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void fault(Fault fault) {
        this.fault = fault;
    }

    int blobGets(String digest) {
        AtomicInteger count = blobGets.get(digest);
        return count == null ? 0 : count.get();
    }

    int manifestGets() {
        return manifestGets.get();
    }

    int manifestHeads() {
        return manifestHeads.get();
    }

    long blobBytes() {
        return blobBytes.get();
    }

    private void relay(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            boolean blobGet = "GET".equals(method) && path.contains("/blobs/sha256:");
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(method, HttpRequest.BodyPublishers.noBody());
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            // Counted once answered: a 401 only sends the client for a token, and fetches nothing.
            if (response.statusCode() != 401) {
                if (blobGet) {
                    blobGets.computeIfAbsent(path.substring(path.lastIndexOf('/') + 1), d -> new AtomicInteger())
                            .incrementAndGet();
                } else if (path.contains("/manifests/")) {
                    ("GET".equals(method) ? manifestGets : manifestHeads).incrementAndGet();
                }
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            try (InputStream body = response.body()) {
                if ("HEAD".equals(method)) {
                    if (length >= 0) {
                        exchange.getResponseHeaders().set("Content-Length", String.valueOf(length));
                    }
                    exchange.sendResponseHeaders(response.statusCode(), -1);
                    return;
                }
                exchange.sendResponseHeaders(response.statusCode(), length < 0 ? 0 : length == 0 ? -1 : length);
                copy(body, exchange.getResponseBody(), blobGet && response.statusCode() == 200, length);
            }
        }
    }

    private void copy(InputStream body, OutputStream out, boolean blob, long length) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long sent = 0;
        int n;
        while ((n = body.read(buffer)) > 0) {
            if (blob && fault == Fault.CUT_BLOBS && sent + n >= length / 2) {
                out.write(buffer, 0, (int) Math.max(0, length / 2 - sent));
                out.flush();
                throw new IOException("relay: cutting the blob off halfway, as asked");
            }
            if (blob && fault == Fault.CORRUPT_BLOBS && sent == 0) {
                buffer[0] ^= 0x5a;
            }
            out.write(buffer, 0, n);
            sent += n;
            if (blob) {
                blobBytes.addAndGet(n);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
