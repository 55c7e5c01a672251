package dev.berth.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What a token may do to a repository, by the names the Docker token spec uses. */
public enum Action {
    PULL, PUSH, DELETE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Action> fromWireName(String name) {
        for (Action action : values()) {
            if (action.wireName().equals(name)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }

    /** Parses a comma-separated list, ignoring names it does not know ({@code *} means all). */
    public static Set<Action> parseList(String list) {
        Set<Action> actions = EnumSet.noneOf(Action.class);
        if (list == null) {
            return actions;
        }
        for (String name : list.split(",")) {
            String trimmed = name.trim();
            if (trimmed.equals("*")) {
                actions.addAll(EnumSet.allOf(Action.class));
            }
            fromWireName(trimmed).ifPresent(actions::add);
        }
        return actions;
    }

    public static String toList(Set<Action> actions) {
        StringBuilder list = new StringBuilder();
        for (Action action : values()) {
            if (actions.contains(action)) {
                list.append(list.isEmpty() ? "" : ",").append(action.wireName());
            }
        }
        return list.toString();
    }
}
