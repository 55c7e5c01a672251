package dev.berth.registry.gc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.berth.config.GcProperties;

/** Runs a collection on {@code berth.gc.schedule}; on several replicas, whichever takes the lease. */
@Component
class GcScheduler {

    private static final Logger log = LoggerFactory.getLogger(GcScheduler.class);

    private final GarbageCollector collector;
    private final GcProperties properties;

    GcScheduler(GarbageCollector collector, GcProperties properties) {
        this.collector = collector;
        this.properties = properties;
    }

    @Scheduled(cron = "${berth.gc.schedule:0 30 3 * * *}")
    void collect() {
        if (!properties.enabled()) {
            return;
        }
        try {
            if (collector.collect(false, "schedule").isEmpty()) {
                log.info("garbage collection skipped: another replica is collecting");
            }
        } catch (RuntimeException e) {
            log.warn("garbage collection failed; the next one will retry", e);
        }
    }
}
