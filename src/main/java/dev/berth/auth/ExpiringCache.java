package dev.berth.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small map whose entries live a short, fixed time: what spares a database query on every
 * request for facts that may be a few seconds stale. Bounded by clearing when full.
 */
final class ExpiringCache<K, V> {

    private record Entry<V>(V value, Instant expiresAt) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;

    ExpiringCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    Optional<V> get(K key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    void put(K key, V value) {
        put(key, value, clock.instant().plus(ttl));
    }

    void put(K key, V value, Instant expiresAt) {
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        Instant capped = expiresAt.isBefore(clock.instant().plus(ttl)) ? expiresAt : clock.instant().plus(ttl);
        entries.put(key, new Entry<>(value, capped));
    }

    void remove(K key) {
        entries.remove(key);
    }

    void clear() {
        entries.clear();
    }
}
