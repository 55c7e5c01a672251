package dev.berth.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver on loopback, as a test's real HTTP peer: it records every request it gets
 * (headers and body, received time) and answers what the test tells it to: 204, a status of the
 * test's choosing for a number of requests, or slowly.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as received. */
    public record Received(Instant at, String path, Map<String, List<String>> headers, byte[] body, int answered) {

        public String header(String name) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                    return entry.getValue().get(0);
                }
            }
            return null;
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile int failureStatus = 503;
    private volatile List<String> failureHeaders = List.of();
    private volatile Duration delay = Duration.ZERO;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next {@code count} requests are answered {@code status}. */
    public void fail(int count, int status) {
        fail(count, status, new String[0]);
    }

    /**
     * The same, with headers on those answers, as name, value pairs: {@code "Retry-After", "2"} or
     * {@code "Location", url} (with a 3xx).
     */
    public void fail(int count, int status, String... headerNamesAndValues) {
        failureStatus = status;
        failureHeaders = List.of(headerNamesAndValues);
        failuresLeft.set(count);
    }

    /** Requests received whose answer is not sent yet (held by {@link #delay}). */
    public int inFlight() {
        return inFlight.get();
    }

    /** Every answer waits this long first. */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Waits until {@code count} requests {@code matching} were answered 2xx, then returns them. */
    public List<Received> await(Predicate<Received> matching, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Received> found = received.stream().filter(r -> r.answered() < 300).filter(matching).toList();
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout + " for " + count + " deliveries, got " + found.size()
                        + "; all received: " + received.stream().map(r -> r.answered() + " " + r.text()).toList());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            inFlight.incrementAndGet();
            try {
                if (!delay.isZero()) {
                    try {
                        Thread.sleep(delay.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                boolean failing = failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
                int status = failing ? failureStatus : 204;
                received.add(new Received(Instant.now(), exchange.getRequestURI().getPath(),
                        Map.copyOf(exchange.getRequestHeaders()), body, status));
                if (failing) {
                    List<String> headers = failureHeaders;
                    for (int i = 0; i + 1 < headers.size(); i += 2) {
                        exchange.getResponseHeaders().add(headers.get(i), headers.get(i + 1));
                    }
                }
                exchange.sendResponseHeaders(status, -1);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
