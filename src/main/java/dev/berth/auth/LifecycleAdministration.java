package dev.berth.auth;

import java.util.List;

import org.springframework.stereotype.Service;

import dev.berth.oci.RepositoryName;
import dev.berth.registry.ImmutableTags;
import dev.berth.registry.TagPattern;

/**
 * Who may change a namespace's lifecycle rules (immutable tags, retention, quota), and the
 * validation of what they send; the rules themselves are the registry's.
 */
@Service
public class LifecycleAdministration {

    private final NamespaceAdministration namespaces;
    private final ImmutableTags immutableTags;
    private final AuditLog audit;

    LifecycleAdministration(NamespaceAdministration namespaces, ImmutableTags immutableTags, AuditLog audit) {
        this.namespaces = namespaces;
        this.immutableTags = immutableTags;
        this.audit = audit;
    }

    public List<ImmutableTags.Rule> immutableTags(Caller caller, String namespace) {
        namespaces.requireManaged(caller, namespace);
        return immutableTags.list(namespace);
    }

    /** Adds a rule; a rule that exists already is answered with a conflict. */
    public ImmutableTags.Rule addImmutableTag(Caller caller, String namespace, String pattern, String repository) {
        namespaces.requireManaged(caller, namespace);
        TagPattern tagPattern = pattern(pattern);
        RepositoryName name = repository(namespace, repository);
        if (!immutableTags.add(namespace, name, tagPattern)) {
            throw ManagementException.conflict("the rule " + pattern + " exists on "
                    + (name == null ? "namespace " + namespace : "repository " + name));
        }
        audit.record(caller.displayName(), "immutable-tag-add", name == null ? namespace : name.value(),
                AuditLog.Outcome.SUCCESS, "pattern=" + pattern);
        return immutableTags.list(namespace).stream()
                .filter(rule -> rule.pattern().equals(pattern)
                        && java.util.Objects.equals(rule.repository(), name == null ? null : name.value()))
                .findFirst().orElseThrow();
    }

    public void removeImmutableTag(Caller caller, String namespace, String pattern, String repository) {
        namespaces.requireManaged(caller, namespace);
        TagPattern tagPattern = pattern(pattern);
        RepositoryName name = repository(namespace, repository);
        if (!immutableTags.remove(namespace, name, tagPattern)) {
            throw ManagementException.notFound("no rule " + pattern + " on "
                    + (name == null ? "namespace " + namespace : "repository " + name));
        }
        audit.record(caller.displayName(), "immutable-tag-remove", name == null ? namespace : name.value(),
                AuditLog.Outcome.SUCCESS, "pattern=" + pattern);
    }

    static TagPattern pattern(String pattern) {
        if (!TagPattern.isValid(pattern)) {
            throw ManagementException.invalid("pattern", "tag characters (letters, digits, '_', '.', '-') and '*'"
                    + " for any run of them, at most 128 characters");
        }
        return new TagPattern(pattern);
    }

    /** Null for the whole namespace; otherwise a repository name inside it. */
    static RepositoryName repository(String namespace, String repository) {
        if (repository == null) {
            return null;
        }
        if (!RepositoryName.isValid(repository) || !RepositoryName.of(repository).namespace().equals(namespace)
                || repository.equals(namespace)) {
            throw ManagementException.invalid("repository", "a repository name in namespace " + namespace
                    + " (" + namespace + "/...)");
        }
        return RepositoryName.of(repository);
    }
}
