package dev.berth.registry.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.metadata.ProxyRows;
import dev.berth.support.RegistryDomainTest;

/**
 * One fetch per key at a time, through the lease row: concurrent callers wait for the holder and
 * find its result; a holder that died (stopped renewing) loses the lease once it expires, and a
 * waiter takes over.
 */
class FetchLeasesTest extends RegistryDomainTest {

    @Autowired
    FetchLeases leases;
    @Autowired
    ProxyRows rows;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void concurrentCallers_fetchOnce_andAllGetTheResult() throws Exception {
        String key = "test " + UUID.randomUUID();
        AtomicReference<String> cached = new AtomicReference<>();
        AtomicInteger fetches = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> leases.once(key, () -> Optional.ofNullable(cached.get()), lease -> {
                    fetches.incrementAndGet();
                    sleep(300);
                    cached.set("fetched");
                    return "fetched";
                })));
            }
            for (Future<String> result : results) {
                assertThat(result.get()).isEqualTo("fetched");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fetches).hasValue(1);
        assertThat(rows.leaseHeld(key, Instant.now())).isFalse();
    }

    @Test
    void leaseOfADeadHolder_isTakenOverOnceItExpires() {
        String key = "test " + UUID.randomUUID();
        Instant now = Instant.now();
        Instant expiry = now.plusMillis(800);
        Boolean taken = transactions.execute(status -> rows.acquireLease(key, "replica-that-died", expiry, now));
        assertThat(taken).isTrue();

        String result = leases.once(key, Optional::empty, lease -> "taken over at " + Instant.now());

        assertThat(Instant.now()).isAfter(expiry);
        assertThat(result).startsWith("taken over");
        assertThat(rows.leaseHeld(key, Instant.now())).isFalse();
    }

    @Test
    void failedFetch_releasesTheLease_soTheNextCallerTries() {
        String key = "test " + UUID.randomUUID();
        try {
            leases.once(key, Optional::empty, lease -> {
                throw new IllegalStateException("upstream broke");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("upstream broke");
        }
        Instant started = Instant.now();
        String second = leases.once(key, Optional::empty, lease -> "second try");
        assertThat(second).isEqualTo("second try");
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
