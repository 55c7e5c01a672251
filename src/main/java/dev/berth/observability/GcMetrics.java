package dev.berth.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.berth.registry.gc.GcReport;

/** {@code berth.gc.*}: what garbage collections removed (dry runs count only as runs). */
@Component
class GcMetrics {

    private final MeterRegistry registry;
    private final Counter manifests;
    private final Counter blobs;
    private final Counter bytes;

    GcMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.manifests = Counter.builder("berth.gc.manifests.deleted").description("Manifests garbage collected")
                .register(registry);
        this.blobs = Counter.builder("berth.gc.blobs.deleted").description("Blobs garbage collected from storage")
                .register(registry);
        this.bytes = Counter.builder("berth.gc.bytes.freed").description("Bytes of blob storage garbage collected")
                .baseUnit("bytes").register(registry);
    }

    @EventListener
    void on(GcReport report) {
        registry.counter("berth.gc.runs", "dry_run", Boolean.toString(report.dryRun())).increment();
        if (!report.dryRun()) {
            manifests.increment(report.manifestsDeleted());
            blobs.increment(report.blobsDeleted());
            bytes.increment(report.bytesFreed());
        }
    }
}
