package dev.berth.registry.proxy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.config.ProxyProperties;
import dev.berth.metadata.ProxyRows;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;

/**
 * One fetch of a thing from an upstream at a time, in the whole deployment: whoever takes the
 * lease row fetches (renewing the lease while bytes arrive); everyone else waits for the lease to
 * go and then finds the thing cached. A holder that dies stops renewing, its lease expires after
 * {@code berth.proxy.fetch-lease}, and a waiter takes over.
 */
@Component
class FetchLeases {

    /** How long a client waits for another's fetch before it is told to retry. */
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);

    /** A held lease; renew it while the fetch makes progress. */
    final class Lease implements AutoCloseable {

        private final String key;
        private final String holder = UUID.randomUUID().toString();
        private Instant renewAfter;

        private Lease(String key) {
            this.key = key;
        }

        /** Extends the lease when a third of it has passed; cheap to call on every chunk. */
        void renew() {
            Instant now = clock.instant();
            if (now.isAfter(renewAfter)) {
                transactions.executeWithoutResult(status -> rows.renewLease(key, holder, now.plus(ttl)));
                renewAfter = now.plus(ttl.dividedBy(3));
            }
        }

        @Override
        public void close() {
            try {
                transactions.executeWithoutResult(status -> rows.releaseLease(key, holder));
            } finally {
                CountDownLatch released = localHolds.remove(key);
                if (released != null) {
                    released.countDown();
                }
            }
        }
    }

    /** Leases this replica holds, so its own waiters wake the moment one is released rather than at their next poll. */
    private final Map<String, CountDownLatch> localHolds = new ConcurrentHashMap<>();
    private final ProxyRows rows;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration ttl;

    FetchLeases(ProxyRows rows, TransactionTemplate transactions, Clock clock, ProxyProperties properties) {
        this.rows = rows;
        this.transactions = transactions;
        this.clock = clock;
        this.ttl = properties.fetchLease();
    }

    /**
     * Returns what {@code cached} finds, else fetches it under the lease of {@code key}, else waits
     * for whoever holds that lease and looks again. {@code fetch} runs at most once per call.
     */
    <T> T once(String key, Supplier<Optional<T>> cached, java.util.function.Function<Lease, T> fetch) {
        Instant deadline = clock.instant().plus(MAX_WAIT);
        long pause = 20;
        while (true) {
            Optional<T> found = cached.get();
            if (found.isPresent()) {
                return found.get();
            }
            Optional<Lease> lease = tryAcquire(key);
            if (lease.isPresent()) {
                try (Lease held = lease.get()) {
                    // Looked for again under the lease: the previous holder may have finished just now.
                    Optional<T> meanwhile = cached.get();
                    return meanwhile.isPresent() ? meanwhile.get() : fetch.apply(held);
                }
            }
            if (clock.instant().isAfter(deadline)) {
                throw new OciException(OciErrorCode.TOOMANYREQUESTS, "still waiting for another fetch of this"
                        + " content from its upstream; retry");
            }
            do {
                await(key, pause);
                pause = Math.min(250, pause * 2);
            } while (rows.leaseHeld(key, clock.instant()) && clock.instant().isBefore(deadline));
        }
    }

    private Optional<Lease> tryAcquire(String key) {
        Lease lease = new Lease(key);
        Instant now = clock.instant();
        Boolean taken = transactions.execute(status -> rows.acquireLease(key, lease.holder, now.plus(ttl), now));
        if (!Boolean.TRUE.equals(taken)) {
            return Optional.empty();
        }
        lease.renewAfter = now.plus(ttl.dividedBy(3));
        localHolds.put(key, new CountDownLatch(1));
        return Optional.of(lease);
    }

    /** Waits until this replica's holder of {@code key} releases it, or {@code millis} (another replica's lease). */
    private void await(String key, long millis) {
        CountDownLatch local = localHolds.get(key);
        try {
            if (local != null) {
                local.await(millis, TimeUnit.MILLISECONDS);
            } else {
                Thread.sleep(millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException(OciErrorCode.UNAVAILABLE, "interrupted while waiting for an upstream fetch");
        }
    }
}
