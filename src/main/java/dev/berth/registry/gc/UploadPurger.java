package dev.berth.registry.gc;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.config.UploadProperties;
import dev.berth.metadata.UploadRow;
import dev.berth.metadata.UploadRows;
import dev.berth.storage.BlobStore;

/**
 * Removes upload sessions idle for longer than {@code berth.uploads.expiry}, with their bytes, and
 * upload areas no session owns (left by a monolithic upload that died mid-request).
 */
@Component
public class UploadPurger {

    private static final Logger log = LoggerFactory.getLogger(UploadPurger.class);

    private final UploadRows uploads;
    private final BlobStore store;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final UploadProperties properties;

    UploadPurger(UploadRows uploads, BlobStore store, TransactionTemplate transactions, Clock clock,
                 UploadProperties properties) {
        this.uploads = uploads;
        this.store = store;
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${berth.uploads.purge-interval:15m}", initialDelayString = "${berth.uploads.purge-interval:15m}")
    public void scheduledPurge() {
        try {
            int purged = purgeExpired();
            if (purged > 0) {
                log.info("purged {} expired upload sessions", purged);
            }
        } catch (RuntimeException | IOException e) {
            log.warn("purging expired uploads failed; will retry", e);
        }
    }

    /** Purges what has expired now; returns the number of sessions and orphan areas removed. */
    public int purgeExpired() throws IOException {
        Instant cutoff = clock.instant().minus(properties.expiry());
        int purged = 0;
        for (UploadRow upload : uploads.updatedBefore(cutoff)) {
            Integer deleted = transactions.execute(status -> uploads.delete(upload.id()));
            if (deleted != null && deleted > 0) {
                store.abort(upload.storageHandle());
                purged++;
            }
        }
        // Compared by area: a session's handle changes as it grows (an S3 part list), its area does not.
        Set<String> owned = new HashSet<>();
        for (String handle : uploads.storageHandles()) {
            owned.add(store.uploadArea(handle));
        }
        for (String handle : store.uploadsOlderThan(cutoff)) {
            if (!owned.contains(handle)) {
                store.abort(handle);
                purged++;
            }
        }
        return purged;
    }
}
