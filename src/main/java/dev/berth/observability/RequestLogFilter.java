package dev.berth.observability;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One log line per request ({@code dev.berth.requests} at INFO): method, route template, path,
 * redacted query, status, bytes in and out, duration and request id. It runs first, so the id is
 * in the MDC for every other line the request logs, and comes back as {@code X-Request-Id}.
 * Headers are never logged (so neither is {@code Authorization}); query values that look like
 * secrets are redacted. Blob byte counters are fed from the same counts ({@link BlobTrafficMetrics}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLogFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger("dev.berth.requests");

    /** Requests Spring mapped to no handler (404s of unknown paths). */
    static final String UNMATCHED = "UNMATCHED";

    private final BlobTrafficMetrics blobTraffic;

    RequestLogFilter(BlobTrafficMetrics blobTraffic) {
        this.blobTraffic = blobTraffic;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        String id = RequestId.from(request.getHeader(RequestId.HEADER));
        response.setHeader(RequestId.HEADER, id);
        MDC.put(RequestId.MDC_KEY, id);
        CountingRequest countingRequest = new CountingRequest(request);
        CountingResponse countingResponse = new CountingResponse(response);
        boolean failed = true;
        try {
            chain.doFilter(countingRequest, countingResponse);
            failed = false;
        } finally {
            try {
                // An exception that escapes every handler becomes a 500 (or an error page) after we return.
                int status = failed && response.getStatus() < 400 ? 500 : response.getStatus();
                Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
                String route = pattern == null ? UNMATCHED : pattern.toString();
                long in = countingRequest.bytesRead();
                long out = countingResponse.bodyBytes("HEAD".equals(request.getMethod()));
                blobTraffic.record(request.getMethod(), route, status, in, out);
                logRequest(request, route, status, in, out, (System.nanoTime() - started) / 1_000_000);
            } finally {
                MDC.remove(RequestId.MDC_KEY);
            }
        }
    }

    private static void logRequest(HttpServletRequest request, String route, int status, long in, long out,
                                   long millis) {
        if (!log.isInfoEnabled()) {
            return;
        }
        String query = QueryRedaction.redact(request.getQueryString());
        String path = query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
        log.atInfo()
                .addKeyValue("http.request.method", request.getMethod())
                .addKeyValue("http.route", route)
                .addKeyValue("url.path", path)
                .addKeyValue("http.response.status_code", status)
                .addKeyValue("http.request.body.bytes", in)
                .addKeyValue("http.response.body.bytes", out)
                .addKeyValue("event.duration_ms", millis)
                .log("{} {} {} {} in={} out={} ms={}", request.getMethod(), route, path, status, in, out, millis);
    }
}
