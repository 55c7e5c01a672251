package dev.berth.events;

import java.util.List;
import java.util.Map;

/**
 * An event as a feature reports it; the outbox adds who did it, the request and the time.
 *
 * @param repository the repository concerned, or null (a garbage collection)
 * @param digest     the manifest concerned, or null
 * @param tags       tags pushed, moved or removed with it
 * @param subject    for an artifact, the digest of the manifest it refers to
 * @param previous   for a moved tag, the digest it named before
 * @param details    anything else worth telling (a quota's numbers, a collection's counts)
 */
public record RegistryEvent(EventType type, String repository, String digest, String mediaType, Long size,
                            List<String> tags, String subject, String previous, Map<String, Object> details) {

    public RegistryEvent {
        tags = tags == null ? List.of() : List.copyOf(tags);
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static RegistryEvent of(EventType type, String repository, String digest, String mediaType, Long size,
                                   List<String> tags) {
        return new RegistryEvent(type, repository, digest, mediaType, size, tags, null, null, null);
    }

    public RegistryEvent withSubject(String subject) {
        return new RegistryEvent(type, repository, digest, mediaType, size, tags, subject, previous, details);
    }

    public RegistryEvent withPrevious(String previous) {
        return new RegistryEvent(type, repository, digest, mediaType, size, tags, subject, previous, details);
    }

    public RegistryEvent withDetails(Map<String, Object> details) {
        return new RegistryEvent(type, repository, digest, mediaType, size, tags, subject, previous, details);
    }

    /** The namespace of the repository (its first component), or null. */
    String namespace() {
        if (repository == null) {
            return null;
        }
        int slash = repository.indexOf('/');
        return slash < 0 ? repository : repository.substring(0, slash);
    }
}
