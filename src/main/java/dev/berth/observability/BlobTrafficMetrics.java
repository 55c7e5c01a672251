package dev.berth.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Blob bytes through Berth: {@code berth.blob.bytes.received} (upload bodies) and
 * {@code berth.blob.bytes.sent} (blob GETs answered with content; a redirect to S3 sends none).
 * Fed by {@link RequestLogFilter} with the route template the distribution API named.
 */
@Component
class BlobTrafficMetrics {

    static final String BLOB_ROUTE = "/v2/{name}/blobs/{digest}";
    static final String UPLOAD_ROUTE_PREFIX = "/v2/{name}/blobs/uploads/";

    private final Counter received;
    private final Counter sent;

    BlobTrafficMetrics(MeterRegistry registry) {
        this.received = Counter.builder("berth.blob.bytes.received")
                .description("Blob bytes received in upload requests (monolithic, chunks, closing PUTs)")
                .register(registry);
        this.sent = Counter.builder("berth.blob.bytes.sent")
                .description("Blob bytes sent in answers to blob GETs (not counting redirects to the store)")
                .register(registry);
    }

    void record(String method, String route, int status, long in, long out) {
        if (route.startsWith(UPLOAD_ROUTE_PREFIX) && in > 0) {
            received.increment(in);
        } else if (route.equals(BLOB_ROUTE) && "GET".equals(method) && (status == 200 || status == 206)
                && out > 0) {
            sent.increment(out);
        }
    }
}
