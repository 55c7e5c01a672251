package dev.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.berth.config.AuthProperties;

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
    void blockedFor_maxFailuresForOneUser_blocksThatUserFromAnyAddress() {
        throttle.recordFailure("alice", "10.0.0.1");
        throttle.recordFailure("alice", "10.0.0.2");
        throttle.recordFailure("alice", "10.0.0.3");

        assertThat(throttle.blockedFor("alice", "10.0.0.9")).contains(WINDOW);
        assertThat(throttle.blockedFor("bob", "10.0.0.9")).isEmpty();
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

        assertThat(throttle.blockedFor("alice", "10.0.0.5")).isEmpty();
    }

    static AuthProperties properties(int maxFailures, Duration window) {
        return new AuthProperties(true, null, "berth", "berth", Duration.ofMinutes(5), Duration.ofDays(30), true,
                false, null, "RS256", Duration.ofSeconds(30), new AuthProperties.LoginRateLimit(maxFailures, window));
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
