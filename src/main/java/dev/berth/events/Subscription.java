package dev.berth.events;

import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.berth.metadata.EventRows.EventRow;
import dev.berth.metadata.WebhookRows.WebhookRow;

/**
 * Which events a subscription wants: its event types, its namespace (none: all), and optional
 * glob patterns ({@code *} within a path component, {@code **} across them, {@code ?}) on the
 * repository and on the tags. With a tag pattern, only events with a matching tag pass; with a
 * repository pattern, only events of a matching repository.
 */
record Subscription(long id, String namespace, Set<String> events, Pattern repository, Pattern tag) {

    static Subscription of(WebhookRow row) {
        Set<String> events = Arrays.stream(row.events().split(",")).map(String::trim).filter(e -> !e.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return new Subscription(row.id(), row.namespace(), events, glob(row.repositoryPattern()),
                glob(row.tagPattern()));
    }

    boolean wants(EventRow event) {
        if (!events.contains(event.type())) {
            return false;
        }
        if (namespace != null && !namespace.equals(event.namespace())) {
            return false;
        }
        if (repository != null && (event.repository() == null || !repository.matcher(event.repository()).matches())) {
            return false;
        }
        if (tag != null) {
            return event.tags() != null && !event.tags().isEmpty()
                    && Arrays.stream(event.tags().split(",")).anyMatch(name -> tag.matcher(name).matches());
        }
        return true;
    }

    /** Compiles a glob; null for none. */
    static Pattern glob(String glob) {
        if (glob == null || glob.isBlank()) {
            return null;
        }
        if (glob.length() > 255) {
            throw new IllegalArgumentException("a pattern is at most 255 characters");
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
