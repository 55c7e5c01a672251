package dev.berth.auth;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A resource scope of the Docker token spec, {@code type:name:actions}, as asked for in
 * {@code scope=} and granted in a token's {@code access} claim. The name may itself hold colons
 * (a registry host with a port), so the type ends at the first colon and the actions start after
 * the last one.
 *
 * @param actions the action names as given; unknown ones are kept so they can be refused explicitly
 * @see <a href="https://distribution.github.io/distribution/spec/auth/scope/">token scope grammar</a>
 */
public record Scope(String type, String name, Set<String> actions) {

    public static final String REPOSITORY = "repository";
    public static final String REGISTRY = "registry";
    public static final Scope CATALOG = new Scope(REGISTRY, "catalog", Set.of("*"));
    /**
     * Lets a token act for its whole account on {@code /api/v1}, as a password login would (what
     * the web UI asks for). Without it a token does only what its repository grants say.
     */
    public static final Scope ACCOUNT = new Scope("account", "self", Set.of("*"));

    public Scope {
        actions = Set.copyOf(actions);
    }

    public static Optional<Scope> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int first = text.indexOf(':');
        int last = text.lastIndexOf(':');
        if (first <= 0 || last == first || last == text.length() - 1) {
            return Optional.empty();
        }
        Set<String> actions = new LinkedHashSet<>();
        for (String action : text.substring(last + 1).split(",")) {
            if (!action.isBlank()) {
                actions.add(action.trim());
            }
        }
        return Optional.of(new Scope(text.substring(0, first), text.substring(first + 1, last), actions));
    }

    public boolean isCatalog() {
        return REGISTRY.equals(type) && "catalog".equals(name) && actions.contains("*");
    }

    public boolean isAccount() {
        return ACCOUNT.type().equals(type) && ACCOUNT.name().equals(name) && actions.contains("*");
    }

    @Override
    public String toString() {
        return type + ":" + name + ":" + String.join(",", actions.stream().sorted().toList());
    }
}
