package dev.berth.storage;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The blob store's state for {@code /actuator/health} and the readiness group: a replica that
 * cannot reach its bucket should not receive pushes.
 */
class BlobStoreHealthIndicator extends AbstractHealthIndicator {

    private final BlobStore store;

    BlobStoreHealthIndicator(BlobStore store) {
        super("the blob store is not usable");
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        store.check();
        builder.up();
    }
}
