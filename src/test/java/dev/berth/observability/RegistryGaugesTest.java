package dev.berth.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

import dev.berth.metadata.RegistryStatistics;
import dev.berth.support.MutableClock;

class RegistryGaugesTest {

    private final AtomicInteger queries = new AtomicInteger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void gauges_readWithinTtl_queryTheDatabaseOnce() {
        new RegistryGauges(statistics(), clock).bindTo(registry);

        assertThat(registry.get("berth.blobs").gauge().value()).isEqualTo(1);
        assertThat(registry.get("berth.blobs.stored").gauge().value()).isEqualTo(1);
        clock.advance(RegistryGauges.TTL.minusSeconds(1));
        assertThat(registry.get("berth.manifests").gauge().value()).isEqualTo(1);

        assertThat(queries.get()).isEqualTo(1);
    }

    @Test
    void gauges_readAfterTtl_refresh() {
        new RegistryGauges(statistics(), clock).bindTo(registry);
        registry.get("berth.uploads.in.progress").gauge().value();

        clock.advance(RegistryGauges.TTL);

        assertThat(registry.get("berth.uploads.in.progress").gauge().value()).isEqualTo(2);
    }

    /** Every aggregate answers how many snapshots have been taken, so a refresh is visible. */
    private RegistryStatistics statistics() {
        return new RegistryStatistics() {
            private long next() {
                return queries.get();
            }

            @Override
            public long countBlobs() {
                return queries.incrementAndGet();
            }

            @Override
            public long sumBlobSizes() {
                return next();
            }

            @Override
            public long countManifests() {
                return next();
            }

            @Override
            public long sumManifestSizes() {
                return next();
            }

            @Override
            public long countUploads() {
                return next();
            }
        };
    }
}
