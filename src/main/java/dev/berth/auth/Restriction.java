package dev.berth.auth;

import java.util.EnumSet;
import java.util.Set;

/**
 * How an access token narrows its owner's rights: to one namespace (null: all of them) and to
 * some actions.
 */
public record Restriction(String namespace, Set<Action> actions) {

    public Restriction {
        actions = actions.isEmpty() ? EnumSet.noneOf(Action.class) : EnumSet.copyOf(actions);
    }

    /** What remains of {@code allowed} on {@code namespace} under this restriction. */
    public Set<Action> apply(String namespace, Set<Action> allowed) {
        if (this.namespace != null && !this.namespace.equals(namespace)) {
            return EnumSet.noneOf(Action.class);
        }
        Set<Action> remaining = allowed.isEmpty() ? EnumSet.noneOf(Action.class) : EnumSet.copyOf(allowed);
        remaining.retainAll(actions);
        return remaining;
    }
}
