package dev.berth.registry.upload;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.metadata.BlobRows;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.BlobInfo;
import dev.berth.registry.Repositories;
import dev.berth.registry.lifecycle.Quotas;

/**
 * The cross-repository mount: a blob one repository holds becomes linked in another without a
 * byte moving. The caller decides which sources the client may read; a mount that cannot happen
 * is empty, and the client uploads as usual, learning nothing about other repositories.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#mounting-a-blob-from-another-repository">spec: mounting a blob</a>
 */
@Service
public class BlobMounts {

    /** Bounds the lookup of a mount without {@code from}; a base layer may be linked everywhere. */
    private static final int MOUNT_SOURCES_CONSIDERED = 100;

    private final BlobRows blobs;
    private final Repositories repositories;
    private final Quotas quotas;
    private final TransactionTemplate transactions;
    private final Clock clock;

    BlobMounts(BlobRows blobs, Repositories repositories, Quotas quotas, TransactionTemplate transactions,
               Clock clock) {
        this.blobs = blobs;
        this.repositories = repositories;
        this.quotas = quotas;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Links {@code digest} into {@code name} when {@code from} has it; empty when it does not (the
     * caller then opens a normal session, revealing nothing about {@code from}).
     */
    public Optional<BlobInfo> mount(RepositoryName name, Digest digest, RepositoryName from) {
        Optional<Long> size = blobs.linkedSize(from, digest);
        if (size.isEmpty()) {
            return Optional.empty();
        }
        return transactions.execute(status -> {
            // Re-checked inside the transaction: the link in 'from' may have gone meanwhile.
            if (blobs.linkedSize(from, digest).isEmpty()) {
                return Optional.empty();
            }
            // Waits for a collector deleting this blob; if it did, there is nothing to mount.
            if (!blobs.lock(digest)) {
                return Optional.empty();
            }
            quotas.check(name, digest, size.get());
            blobs.link(repositories.ensure(name), digest, clock.instant());
            return Optional.of(new BlobInfo(digest, size.get()));
        });
    }

    /**
     * A mount without {@code from}, which the spec lets a registry resolve itself: links {@code digest}
     * from the first repository holding it that {@code readable} accepts. Empty when none of the
     * first {@value #MOUNT_SOURCES_CONSIDERED} holders is readable; the client then uploads as usual.
     */
    public Optional<BlobInfo> mountFromAnyReadable(RepositoryName name, Digest digest,
                                                   Predicate<RepositoryName> readable) {
        for (RepositoryName source : blobs.linkingRepositories(digest, MOUNT_SOURCES_CONSIDERED)) {
            if (readable.test(source)) {
                Optional<BlobInfo> mounted = mount(name, digest, source);
                if (mounted.isPresent()) {
                    return mounted;
                }
            }
        }
        return Optional.empty();
    }
}
