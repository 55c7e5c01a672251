package dev.berth.registry.proxy;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The cache's counters: answers by outcome ({@code hit}, {@code miss}, {@code revalidated},
 * {@code stale}), upstream failures by kind, and bytes fetched from upstreams.
 */
@Component
class ProxyMetrics {

    enum Outcome { HIT, MISS, REVALIDATED, STALE }

    private final MeterRegistry registry;
    private final java.util.Map<String, Counter> bytesFetched = new java.util.concurrent.ConcurrentHashMap<>();

    ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void answered(Upstream upstream, Outcome outcome) {
        Counter.builder("berth.proxy.requests").description("Manifest and blob requests of cached namespaces, by outcome")
                .tag("upstream", upstream.name()).tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
    }

    void upstreamError(Upstream upstream, UpstreamException.Kind kind) {
        Counter.builder("berth.proxy.upstream.errors").description("Failed requests to upstreams, by kind")
                .tag("upstream", upstream.name()).tag("kind", kind.label()).register(registry).increment();
    }

    /** Called for every chunk a fetch reads, so the counter is looked up once per upstream. */
    void fetched(Upstream upstream, long bytes) {
        bytesFetched.computeIfAbsent(upstream.name(), name -> Counter.builder("berth.proxy.upstream.bytes")
                .description("Bytes of blobs fetched from upstreams").baseUnit("bytes").tag("upstream", name)
                .register(registry)).increment(bytes);
    }
}
