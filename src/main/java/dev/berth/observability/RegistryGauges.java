package dev.berth.observability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

import dev.berth.metadata.RegistryStatistics;

/**
 * What the registry holds, from aggregate queries over the shared database (so every replica
 * reports the same numbers): blobs, manifests, their stored bytes and the open upload sessions.
 * The queries run at most once per {@link #TTL}, however often Prometheus scrapes.
 */
@Component
class RegistryGauges implements MeterBinder {

    static final Duration TTL = Duration.ofSeconds(30);

    private final RegistryStatistics statistics;
    private final Clock clock;
    private Snapshot snapshot;

    RegistryGauges(RegistryStatistics statistics, Clock clock) {
        this.statistics = statistics;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "berth.blobs", "Blobs stored (each digest once)", Snapshot::blobs, null);
        gauge(registry, "berth.blobs.stored", "Bytes of all blobs stored", Snapshot::blobBytes, "bytes");
        gauge(registry, "berth.manifests", "Manifests stored (per repository)", Snapshot::manifests, null);
        gauge(registry, "berth.manifests.stored", "Bytes of all manifests stored", Snapshot::manifestBytes, "bytes");
        gauge(registry, "berth.uploads.in.progress", "Upload sessions opened and not yet completed, cancelled"
                + " or expired", Snapshot::uploads, null);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToLongFunction<Snapshot> value,
                       String unit) {
        Gauge.builder(name, this, gauges -> value.applyAsLong(gauges.current()))
                .description(description)
                .baseUnit(unit)
                .strongReference(true)
                .register(registry);
    }

    /** The cached figures, refreshed when older than {@link #TTL}; one scrape reads all five at once. */
    synchronized Snapshot current() {
        Instant now = clock.instant();
        if (snapshot == null || !now.isBefore(snapshot.taken().plus(TTL))) {
            snapshot = new Snapshot(now, statistics.countBlobs(), statistics.sumBlobSizes(),
                    statistics.countManifests(), statistics.sumManifestSizes(), statistics.countUploads());
        }
        return snapshot;
    }

    record Snapshot(Instant taken, long blobs, long blobBytes, long manifests, long manifestBytes, long uploads) {
    }
}
