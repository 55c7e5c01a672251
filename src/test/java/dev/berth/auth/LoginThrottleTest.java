package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.berth.config.AuthProperties;
import dev.berth.support.MutableClock;

class LoginThrottleTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(properties(3, WINDOW), clock);

    @Test
    void blockedFor_fewerFailuresThanTheLimit_isEmpty() {
        throttle.recordFailure("alice", "10.0.0.1");
        throttle.recordFailure("alice", "10.0.0.1");

        assertThat(throttle.blockedFor("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void blockedFor_maxFailuresForOneUserFromManyAddresses_slowsThoseAddressesButNotAFreshOne() {
        throttle.recordFailure("alice", "10.0.0.1");
        throttle.recordFailure("alice", "10.0.0.2");
        throttle.recordFailure("alice", "10.0.0.3");

        assertThat(throttle.blockedFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));
        assertThat(throttle.blockedFor("alice", "10.0.0.9")).isEmpty();
        assertThat(throttle.blockedFor("bob", "10.0.0.1")).isEmpty();
    }

    @Test
    void blockedFor_eachFailureInBackoff_doublesTheWaitUpToTheWindow() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("alice", "10.0.0." + i);
        }
        throttle.recordFailure("alice", "10.0.0.7");
        assertThat(throttle.blockedFor("alice", "10.0.0.7")).contains(Duration.ofSeconds(2));
        throttle.recordFailure("alice", "10.0.1.7");
        assertThat(throttle.blockedFor("alice", "10.0.1.7")).contains(Duration.ofSeconds(4));
        for (int i = 0; i < 20; i++) {
            throttle.recordFailure("alice", "10.0.2." + i);
        }

        assertThat(throttle.blockedFor("alice", "10.0.2.0")).contains(WINDOW);
        clock.advance(WINDOW);
        assertThat(throttle.blockedFor("alice", "10.0.2.0")).isEmpty();
    }

    @Test
    void clientBlockedFor_userInBackoff_isEmptyForAnAddressThatHasNotFailedOften() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("alice", "10.0.0." + i);
        }

        assertThat(throttle.clientBlockedFor("10.0.0.1")).isEmpty();
        assertThat(throttle.clientBlockedFor("10.0.0.9")).isEmpty();
    }

    @Test
    void recordClientFailure_countsAgainstTheAddressOnly() {
        for (int i = 0; i < 3; i++) {
            throttle.recordClientFailure("10.0.0.1");
        }

        assertThat(throttle.clientBlockedFor("10.0.0.1")).isPresent();
        assertThat(throttle.blockedFor("alice", "10.0.0.2")).isEmpty();
    }

    @Test
    void manyKeys_beyondTheBound_forgetTheLeastRecentlyTouchedNotEveryLock() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("alice", "10.9.9.9");
        }
        for (int i = 0; i < LoginThrottle.MAX_TRACKED_KEYS; i++) {
            throttle.recordFailure("u" + i, "10.1." + (i >> 8 & 0xff) + "." + (i & 0xff));
            if (i % 1000 == 0) {
                assertThat(throttle.clientBlockedFor("10.9.9.9")).isPresent();
            }
        }

        assertThat(throttle.clientBlockedFor("10.9.9.9")).isPresent();
    }

    @Test
    void blockedFor_maxFailuresFromOneAddress_blocksEveryUserFromThatAddress() {
        throttle.recordFailure("alice", "10.0.0.1");
        throttle.recordFailure("bob", "10.0.0.1");
        throttle.recordFailure("carol", "10.0.0.1");

        assertThat(throttle.blockedFor("dave", "10.0.0.1")).isPresent();
        assertThat(throttle.blockedFor("dave", "10.0.0.2")).isEmpty();
    }

    @Test
    void blockedFor_waitCountsDownFromTheOldestFailure() {
        throttle.recordFailure("alice", "10.0.0.1");
        clock.advance(Duration.ofMinutes(1));
        throttle.recordFailure("alice", "10.0.0.1");
        throttle.recordFailure("alice", "10.0.0.1");
        clock.advance(Duration.ofMinutes(1));

        assertThat(throttle.blockedFor("alice", "10.0.0.1")).contains(Duration.ofMinutes(3));
    }

    @Test
    void blockedFor_afterTheWindow_releases() {
        for (int i = 0; i < 3; i++) {
            throttle.recordFailure("alice", "10.0.0.1");
        }
        clock.advance(WINDOW.minusSeconds(1));
        assertThat(throttle.blockedFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));

        assertThat(throttle.blockedFor("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void recordSuccess_resetsTheUserButNotTheAddress() {
        throttle.recordFailure("alice", "10.0.0.1");
        throttle.recordFailure("alice", "10.0.0.1");
        throttle.recordFailure("alice", "10.0.0.1");
        throttle.recordFailure("alice", "10.0.0.2");

        throttle.recordSuccess("alice");

        assertThat(throttle.blockedFor("alice", "10.0.0.2")).isEmpty();
        assertThat(throttle.blockedFor("alice", "10.0.0.1")).isPresent();
    }

    @Test
    void recordSuccess_beforeTheLimit_startsTheUsersCountAgain() {
        throttle.recordFailure("alice", "10.0.0.1");
        throttle.recordFailure("alice", "10.0.0.2");
        throttle.recordSuccess("alice");
        throttle.recordFailure("alice", "10.0.0.3");
        throttle.recordFailure("alice", "10.0.0.4");

        assertThat(throttle.blockedFor("alice", "10.0.0.4")).isEmpty();
    }

    static AuthProperties properties(int maxFailures, Duration window) {
        return new AuthProperties(true, null, "berth", "berth", Duration.ofMinutes(5), Duration.ofDays(30), true,
                false, null, "RS256", Duration.ofSeconds(30), new AuthProperties.LoginRateLimit(maxFailures, window),
                null, null);
    }
}
