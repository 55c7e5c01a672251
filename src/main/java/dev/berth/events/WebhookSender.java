package dev.berth.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.berth.config.EventProperties;

/**
 * Sends one delivery: a POST of the rendered event with the Standard Webhooks headers, no
 * redirects followed, the whole exchange bounded by {@code berth.events.timeout}, and at most a
 * few KiB of the answer read (for the log). The socket timeouts bound each read only: a receiver
 * sending its answer a byte at a time would hold a sender (and, past its claim, get the delivery
 * sent again by another) for as long as it liked, so a deadline closes the connection at the timeout.
 */
@Component
class WebhookSender implements DisposableBean {

    private static final int MAX_ANSWER_BYTES = 4096;

    /** How an attempt went: the status (null: no answer), what went wrong, and a Retry-After, if any. */
    record Outcome(Integer status, String error, Duration retryAfter) {

        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }

        /** Worth another try: no answer, a timeout, 408, 429 or a 5xx. Other 4xx fail at once. */
        boolean retriable() {
            return status == null || status == 408 || status == 429 || status >= 500;
        }
    }

    private final TargetPolicy targets;
    private final Duration timeout;
    private final Clock clock;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "berth-webhook-deadline");
        thread.setDaemon(true);
        return thread;
    });

    WebhookSender(TargetPolicy targets, EventProperties properties, Clock clock) {
        this.targets = targets;
        this.timeout = properties.timeout();
        this.clock = clock;
    }

    @Override
    public void destroy() {
        deadlines.shutdownNow();
    }

    Outcome send(String url, String deliveryKey, byte[] signingKey, Payloads.Payload payload) {
        URI target;
        try {
            target = targets.check(url);
        } catch (IllegalArgumentException refused) {
            return new Outcome(null, refused.getMessage(), null);
        }
        long timestamp = clock.instant().getEpochSecond();
        HttpURLConnection connection = null;
        AtomicBoolean cutOff = new AtomicBoolean();
        ScheduledFuture<?> deadline = null;
        try {
            connection = (HttpURLConnection) target.toURL().openConnection();
            HttpURLConnection open = connection;
            deadline = deadlines.schedule(() -> {
                cutOff.set(true);
                open.disconnect();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(payload.body().length);
            connection.setRequestProperty("Content-Type", payload.contentType());
            connection.setRequestProperty("User-Agent", "berth-webhooks");
            connection.setRequestProperty("webhook-id", deliveryKey);
            connection.setRequestProperty("webhook-timestamp", Long.toString(timestamp));
            connection.setRequestProperty("webhook-signature",
                    Signatures.sign(signingKey, deliveryKey, timestamp, payload.body()));
            try (OutputStream out = connection.getOutputStream()) {
                out.write(payload.body());
            }
            int status = connection.getResponseCode();
            String answer = readAnswer(connection, status);
            if (status >= 200 && status < 300) {
                return new Outcome(status, null, null);
            }
            String error = status >= 300 && status < 400 ? "answered " + status + " (redirects are not followed)"
                    : "answered " + status + (answer.isBlank() ? "" : ": " + answer);
            return new Outcome(status, error, retryAfter(connection.getHeaderField("Retry-After")));
        } catch (IOException e) {
            if (e instanceof SocketTimeoutException || cutOff.get()) {
                return new Outcome(null, "no answer within " + timeout.toSeconds() + " s", null);
            }
            return new Outcome(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + e.getMessage()), null);
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static String readAnswer(HttpURLConnection connection, int status) {
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (in == null) {
                return "";
            }
            String text = new String(in.readNBytes(MAX_ANSWER_BYTES), java.nio.charset.StandardCharsets.UTF_8);
            return text.replaceAll("[\\p{Cntrl}]", " ").strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }
}
