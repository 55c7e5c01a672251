package dev.berth.registry.proxy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.metadata.ProxyRows;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;

/**
 * Last-pull times of cached manifests, kept in memory and written in one batch every half minute,
 * so a pull costs no database write: eviction needs only to know a pull happened within hours.
 * A replica that dies loses at most its last half minute of pulls, which only makes an image
 * look that much older.
 */
@Component
public class PullRecorder {

    private record Key(RepositoryName repository, Digest digest) {
    }

    private final Map<Key, java.time.Instant> pending = new ConcurrentHashMap<>();
    private final ProxyRows rows;
    private final TransactionTemplate transactions;
    private final Clock clock;

    PullRecorder(ProxyRows rows, TransactionTemplate transactions, Clock clock) {
        this.rows = rows;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Notes a pull of the cached manifest. */
    public void pulled(MirroredName name, Digest digest) {
        pending.put(new Key(name.local(), digest), clock.instant());
    }

    @Scheduled(fixedDelay = 30_000, initialDelay = 30_000)
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<ProxyRows.Pull> pulls = new ArrayList<>();
        for (Key key : List.copyOf(pending.keySet())) {
            java.time.Instant at = pending.remove(key);
            if (at != null) {
                pulls.add(new ProxyRows.Pull(key.repository(), key.digest(), at));
            }
        }
        transactions.executeWithoutResult(status -> rows.recordPulls(pulls));
    }
}
