package dev.berth.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.berth.config.AuthProperties;

/**
 * Counts failed logins per username and per client address over a sliding window, and refuses
 * further attempts once either reaches the limit, until its oldest failure leaves the window.
 * Kept per replica: a guesser spread over N replicas gets N times the attempts, still a few a minute.
 */
@Component
public class LoginThrottle {

    private static final int MAX_TRACKED_KEYS = 100_000;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;

    LoginThrottle(AuthProperties properties, Clock clock) {
        this.maxFailures = properties.loginRateLimit().maxFailures();
        this.window = properties.loginRateLimit().window();
        this.clock = clock;
    }

    /** How long the user, or the client address, must wait before trying again; empty when it may try now. */
    public Optional<Duration> blockedFor(String username, String clientAddress) {
        Optional<Duration> user = blockedFor("user:" + username);
        Optional<Duration> client = blockedFor("client:" + clientAddress);
        if (user.isPresent() && client.isPresent()) {
            return Optional.of(user.get().compareTo(client.get()) > 0 ? user.get() : client.get());
        }
        return user.isPresent() ? user : client;
    }

    public void recordFailure(String username, String clientAddress) {
        record("user:" + username);
        record("client:" + clientAddress);
    }

    /** A success forgets the user's failures (not the address's: one address may guess many users). */
    public void recordSuccess(String username) {
        failures.remove("user:" + username);
    }

    private Optional<Duration> blockedFor(String key) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            Instant now = clock.instant();
            dropExpired(times, now);
            if (times.size() < maxFailures) {
                return Optional.empty();
            }
            Duration wait = Duration.between(now, times.peekFirst().plus(window));
            return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
        }
    }

    private void record(String key) {
        if (failures.size() >= MAX_TRACKED_KEYS) {
            failures.clear();
        }
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            Instant now = clock.instant();
            dropExpired(times, now);
            times.addLast(now);
            while (times.size() > maxFailures) {
                times.removeFirst();
            }
        }
    }

    private void dropExpired(Deque<Instant> times, Instant now) {
        Instant cutoff = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
            times.removeFirst();
        }
    }
}
