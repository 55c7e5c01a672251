package dev.berth.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.berth.registry.upload.BlobUploadCompleted;

/** {@code berth.upload.duration}: from opening an upload to its blob being stored. */
@Component
class UploadMetrics {

    private final Timer duration;

    UploadMetrics(MeterRegistry registry) {
        this.duration = Timer.builder("berth.upload.duration")
                .description("Time from the start of a blob upload (session POST or monolithic PUT) to the blob"
                        + " being stored")
                .register(registry);
    }

    @EventListener
    void on(BlobUploadCompleted completed) {
        duration.record(completed.elapsed());
    }
}
