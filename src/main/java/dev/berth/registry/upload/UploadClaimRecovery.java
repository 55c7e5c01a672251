package dev.berth.registry.upload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.metadata.UploadRows;
import dev.berth.storage.BlobStore;

/**
 * A chunk claims its session while it streams ({@link SessionClaims}). A process killed mid-chunk
 * leaves that claim behind until it expires; when this process is the store's only writer, every
 * claim at start-up is such a leftover, and releasing it at once lets the client resume right
 * after the restart rather than after {@code berth.uploads.claim-ttl}.
 */
@Component
class UploadClaimRecovery {

    private static final Logger log = LoggerFactory.getLogger(UploadClaimRecovery.class);

    private final UploadRows uploads;
    private final BlobStore store;
    private final TransactionTemplate transactions;

    UploadClaimRecovery(UploadRows uploads, BlobStore store, TransactionTemplate transactions) {
        this.uploads = uploads;
        this.store = store;
        this.transactions = transactions;
    }

    @EventListener(ApplicationStartedEvent.class)
    void releaseClaimsOfDeadWriters() {
        if (store.sharedBetweenProcesses()) {
            return;
        }
        Integer released = transactions.execute(status -> uploads.releaseAllClaims());
        if (released != null && released > 0) {
            log.info("released {} upload sessions left mid-chunk by the previous run; clients can resume them",
                    released);
        }
    }
}
