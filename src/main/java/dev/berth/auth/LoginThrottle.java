package dev.berth.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.berth.config.AuthProperties;

/**
 * Slows password guessing without letting a guesser lock the real user out.
 * <ul>
 *   <li>A client address that fails {@code maxFailures} times within {@code window} may not try
 *       again until its oldest failure leaves the window: one machine cannot guess at all.</li>
 *   <li>A username that fails {@code maxFailures} times in a row (from anywhere) goes into
 *       backoff: each further failure doubles the wait (1 s, 2 s, 4 s ..., at most the window)
 *       before an address that has failed lately may try that user again. An address with no
 *       recent failure may always try, so the user's own machine still logs in with the right
 *       password while a spread-out guesser gets one try per fresh address and is slowed after.</li>
 * </ul>
 * Access tokens are random and long; failed ones count against the address only, and the
 * username's backoff never stops a valid one. Memory is bounded: each map keeps the
 * {@value #MAX_TRACKED_KEYS} keys touched last and drops the least recently touched one at a time.
 * Each replica counts its own: N replicas give a guesser at most N times the attempts.
 */
@Component
public class LoginThrottle {

    static final int MAX_TRACKED_KEYS = 100_000;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    /** A key's failures within the window: their times (the newest {@code maxFailures}) and the run's length. */
    private static final class Failures {
        private final Deque<Instant> recent = new ArrayDeque<>();
        private int consecutive;
    }

    private final Map<String, Failures> users = lruMap();
    private final Map<String, Failures> clients = lruMap();
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;

    LoginThrottle(AuthProperties properties, Clock clock) {
        this.maxFailures = properties.loginRateLimit().maxFailures();
        this.window = properties.loginRateLimit().window();
        this.clock = clock;
    }

    /**
     * How long a password attempt for the user from this address must wait: while the address is
     * blocked, or while the user is in backoff and this address has failed lately. Empty: try now.
     */
    public synchronized Optional<Duration> blockedFor(String username, String clientAddress) {
        Instant now = clock.instant();
        Optional<Duration> client = clientWait(clientAddress, now);
        if (client.isPresent()) {
            return client;
        }
        Failures user = current(users, username, now);
        if (user == null || user.consecutive < maxFailures || current(clients, clientAddress, now) == null) {
            return Optional.empty();
        }
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(30, user.consecutive - maxFailures));
        Duration wait = Duration.between(now, user.recent.peekLast().plus(backoff.compareTo(window) > 0 ? window : backoff));
        return wait.isNegative() || wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** How long any attempt from the address must wait; empty when it may try now. */
    public synchronized Optional<Duration> clientBlockedFor(String clientAddress) {
        return clientWait(clientAddress, clock.instant());
    }

    /** A wrong password (or an unknown user) from the address. */
    public synchronized void recordFailure(String username, String clientAddress) {
        Instant now = clock.instant();
        record(users, username, now);
        record(clients, clientAddress, now);
    }

    /** A wrong access token: counted against the address only. */
    public synchronized void recordClientFailure(String clientAddress) {
        record(clients, clientAddress, clock.instant());
    }

    /** A success ends the user's run of failures (not the address's: one address may guess many users). */
    public synchronized void recordSuccess(String username) {
        users.remove(username);
    }

    private Optional<Duration> clientWait(String clientAddress, Instant now) {
        Failures client = current(clients, clientAddress, now);
        if (client == null || client.recent.size() < maxFailures) {
            return Optional.empty();
        }
        Duration wait = Duration.between(now, client.recent.peekFirst().plus(window));
        return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }

    /** The key's failures still in the window, or null when none are (forgetting the key then). */
    private Failures current(Map<String, Failures> failures, String key, Instant now) {
        Failures found = failures.get(key);
        if (found == null) {
            return null;
        }
        Instant cutoff = now.minus(window);
        while (!found.recent.isEmpty() && !found.recent.peekFirst().isAfter(cutoff)) {
            found.recent.removeFirst();
        }
        if (found.recent.isEmpty()) {
            failures.remove(key);
            return null;
        }
        return found;
    }

    private void record(Map<String, Failures> failures, String key, Instant now) {
        Failures found = current(failures, key, now);
        if (found == null) {
            found = new Failures();
            failures.put(key, found);
        }
        found.recent.addLast(now);
        found.consecutive++;
        while (found.recent.size() > maxFailures) {
            found.recent.removeFirst();
        }
    }

    private static Map<String, Failures> lruMap() {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > MAX_TRACKED_KEYS;
            }
        };
    }
}
