package dev.berth.management;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;

import dev.berth.auth.AuditLog;
import dev.berth.auth.Caller;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.lifecycle.ImmutableTags;
import dev.berth.registry.lifecycle.RetentionPolicies;
import dev.berth.registry.lifecycle.TagPattern;

/**
 * Who may change a namespace's lifecycle rules (immutable tags, retention, quota), and the
 * validation of what they send; the rules themselves are the registry's.
 */
@Service
public class LifecycleAdministration {

    private final NamespaceAdministration namespaces;
    private final ImmutableTags immutableTags;
    private final RetentionPolicies retention;
    private final AuditLog audit;

    LifecycleAdministration(NamespaceAdministration namespaces, ImmutableTags immutableTags,
                            RetentionPolicies retention, AuditLog audit) {
        this.namespaces = namespaces;
        this.retention = retention;
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

    /** The namespace's retention policy and its repositories' own. */
    public List<RetentionPolicies.Policy> retention(Caller caller, String namespace) {
        namespaces.requireManaged(caller, namespace);
        return retention.list(namespace);
    }

    /** Sets (replaces) the policy of the namespace, or of {@code repository} in it. */
    public RetentionPolicies.Policy setRetention(Caller caller, String namespace, String repository,
                                                 Integer keepLast, String keepPattern, Integer maxAgeDays) {
        namespaces.requireManaged(caller, namespace);
        List<ManagementException.FieldProblem> problems = new ArrayList<>();
        RepositoryName name = null;
        try {
            name = repository(namespace, repository);
        } catch (ManagementException e) {
            problems.addAll(e.fieldProblems());
        }
        if (keepLast != null && keepLast < 1) {
            problems.add(new ManagementException.FieldProblem("keepLast", "at least 1"));
        }
        if (maxAgeDays != null && maxAgeDays < 1) {
            problems.add(new ManagementException.FieldProblem("maxAgeDays", "at least 1"));
        }
        if (keepLast == null && maxAgeDays == null) {
            problems.add(new ManagementException.FieldProblem("keepLast",
                    "a policy removes tags only by keepLast or maxAgeDays; give at least one"));
        }
        if (keepPattern != null && !TagPattern.isValid(keepPattern)) {
            problems.add(new ManagementException.FieldProblem("keepPattern", "tag characters and '*'"));
        }
        if (!problems.isEmpty()) {
            throw ManagementException.invalid(problems);
        }
        RetentionPolicies.Policy policy = retention.put(namespace, name, keepLast,
                keepPattern == null ? null : new TagPattern(keepPattern), maxAgeDays);
        audit.record(caller.displayName(), "retention-set", name == null ? namespace : name.value(),
                AuditLog.Outcome.SUCCESS, "keepLast=" + keepLast + " keepPattern=" + keepPattern
                        + " maxAgeDays=" + maxAgeDays);
        return policy;
    }

    public void removeRetention(Caller caller, String namespace, String repository) {
        namespaces.requireManaged(caller, namespace);
        RepositoryName name = repository(namespace, repository);
        if (!retention.remove(namespace, name)) {
            throw ManagementException.notFound("no retention policy on "
                    + (name == null ? "namespace " + namespace : "repository " + name));
        }
        audit.record(caller.displayName(), "retention-remove", name == null ? namespace : name.value(),
                AuditLog.Outcome.SUCCESS, null);
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
