package dev.berth.registry.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.metadata.BlobRows;
import dev.berth.oci.Digest;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.Repositories;
import dev.berth.storage.BlobStore;

/**
 * The database half of storing a verified blob, around the store's commit: the blob's row is
 * touched (or created) before its bytes are committed, and the repository's link made after, so
 * the write order stays storage first, database second, and a garbage collection running
 * meanwhile either finishes first or sees a fresh blob and leaves it alone.
 */
@Component
class BlobRecorder {

    private final BlobRows blobs;
    private final Repositories repositories;
    private final BlobStore store;
    private final TransactionTemplate transactions;
    private final Clock clock;

    BlobRecorder(BlobRows blobs, Repositories repositories, BlobStore store, TransactionTemplate transactions,
                 Clock clock) {
        this.blobs = blobs;
        this.repositories = repositories;
        this.store = store;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Touches the blob's row (creating it when new) before its bytes are written. A row without
     * bytes (a crash before the write) is invisible (no repository links it) and collected later.
     */
    void reserve(Digest digest, long size) {
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            if (blobs.touch(digest, now) == 0 && blobs.insertIfAbsent(digest, size, now) == 0) {
                blobs.touch(digest, now);
            }
        });
    }

    /** Links the committed blob into the repository, in a transaction of its own. */
    void link(RepositoryName name, Digest digest, long size) {
        transactions.executeWithoutResult(status -> linkInTransaction(name, digest, size));
    }

    /** Links the committed blob into the repository, in the caller's transaction. */
    void linkInTransaction(RepositoryName name, Digest digest, long size) {
        if (!blobs.lock(digest)) {
            // A garbage collection removed the row reserve() made (a grace period shorter than this
            // upload): the bytes went with it unless they were written after. Link only what exists.
            if (storedSize(digest) == null) {
                throw new OciException(OciErrorCode.BLOB_UPLOAD_INVALID,
                        "the blob was garbage collected while it was being stored; push it again");
            }
            blobs.insertIfAbsent(digest, size, clock.instant());
        }
        blobs.link(repositories.ensure(name), digest, clock.instant());
    }

    private Long storedSize(Digest digest) {
        try {
            return store.size(digest).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
