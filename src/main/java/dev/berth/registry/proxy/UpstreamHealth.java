package dev.berth.registry.proxy;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * How each upstream fared on this replica lately, for the admin API: the last answer and the last
 * failure. It is what requests saw, not a probe, so an upstream nobody pulled from is {@code UNKNOWN}.
 */
@Component
public class UpstreamHealth {

    public enum Status { UP, DOWN, UNKNOWN }

    /** An upstream's state: when it last answered, and when and why it last failed. */
    public record State(Status status, Instant lastSuccess, Instant lastFailure, String lastError) {
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Clock clock;

    UpstreamHealth(Clock clock) {
        this.clock = clock;
    }

    public State of(Upstream upstream) {
        return states.getOrDefault(upstream.name(), new State(Status.UNKNOWN, null, null, null));
    }

    /** Whether the upstream's latest request failed less than {@code window} ago: then a stale answer need not wait. */
    boolean downWithin(Upstream upstream, java.time.Duration window) {
        State state = states.get(upstream.name());
        return state != null && state.status() == Status.DOWN && state.lastFailure() != null
                && state.lastFailure().isAfter(clock.instant().minus(window));
    }

    void succeeded(Upstream upstream) {
        Instant now = clock.instant();
        states.compute(upstream.name(), (name, old) -> new State(Status.UP, now,
                old == null ? null : old.lastFailure(), old == null ? null : old.lastError()));
    }

    void failed(Upstream upstream, String error) {
        Instant now = clock.instant();
        states.compute(upstream.name(), (name, old) -> new State(Status.DOWN,
                old == null ? null : old.lastSuccess(), now, error));
    }
}
