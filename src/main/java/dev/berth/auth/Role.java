package dev.berth.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A user's role in a namespace. Each role has the rights of the ones before it:
 * <ul>
 *   <li>{@code reader}: pull;</li>
 *   <li>{@code writer}: push new tags, and re-push a tag to the manifest it already names;</li>
 *   <li>{@code maintainer}: delete, and move existing tags to another manifest;</li>
 *   <li>{@code owner}: manage the namespace's members, robots and settings.</li>
 * </ul>
 */
public enum Role {
    READER(EnumSet.of(Action.PULL)),
    WRITER(EnumSet.of(Action.PULL, Action.PUSH)),
    MAINTAINER(EnumSet.allOf(Action.class)),
    OWNER(EnumSet.allOf(Action.class));

    private final Set<Action> actions;

    Role(Set<Action> actions) {
        this.actions = actions;
    }

    public Set<Action> actions() {
        return EnumSet.copyOf(actions);
    }

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
