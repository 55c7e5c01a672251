package dev.berth.registry.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.metadata.LifecycleRows;
import dev.berth.metadata.LifecycleRows.RetentionRule;
import dev.berth.metadata.TagRows;
import dev.berth.metadata.TagRows.TagVersion;
import dev.berth.oci.RepositoryName;

/**
 * Retention: which tags garbage collection removes before its mark phase. A policy is on a
 * namespace or on one repository (which then follows its own policy, not the namespace's).
 * {@code keepLast} keeps the newest N tags by push time, {@code maxAgeDays} keeps tags pushed
 * within D days, {@code keepPattern} keeps matching tags. A tag is removed when the policy sets
 * {@code keepLast} or {@code maxAgeDays} and nothing keeps it; an immutable tag is never removed.
 */
@Service
public class RetentionPolicies {

    /**
     * A policy.
     *
     * @param repository null for the namespace's policy
     */
    public record Policy(String namespace, String repository, Integer keepLast, String keepPattern,
                         Integer maxAgeDays) {
    }

    private final LifecycleRows rules;
    private final TagRows tags;
    private final ImmutableTags immutableTags;
    private final Clock clock;

    RetentionPolicies(LifecycleRows rules, TagRows tags, ImmutableTags immutableTags, Clock clock) {
        this.rules = rules;
        this.tags = tags;
        this.immutableTags = immutableTags;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Policy> list(String namespace) {
        return rules.retentionRulesInNamespace(namespace).stream().map(rule -> policy(namespace, rule)).toList();
    }

    /** Sets the policy of the namespace ({@code repository} null) or of one of its repositories. */
    @Transactional
    public Policy put(String namespace, RepositoryName repository, Integer keepLast, TagPattern keepPattern,
                      Integer maxAgeDays) {
        String scope = ImmutableTags.scope(namespace, repository);
        rules.deleteRetention(scope);
        rules.insertRetention(new RetentionRule(scope, keepLast, keepPattern == null ? null : keepPattern.value(),
                maxAgeDays), clock.instant());
        return new Policy(namespace, repository == null ? null : repository.value(), keepLast,
                keepPattern == null ? null : keepPattern.value(), maxAgeDays);
    }

    @Transactional
    public boolean remove(String namespace, RepositoryName repository) {
        return rules.deleteRetention(ImmutableTags.scope(namespace, repository)) > 0;
    }

    /** The policy the repository follows: its own, else its namespace's. */
    public Optional<Policy> effective(RepositoryName repository) {
        Policy namespacePolicy = null;
        for (RetentionRule rule : rules.retentionRules(List.of(repository.namespace(), repository.value()))) {
            Policy policy = policy(repository.namespace(), rule);
            if (policy.repository() != null) {
                return Optional.of(policy);
            }
            namespacePolicy = policy;
        }
        return Optional.ofNullable(namespacePolicy);
    }

    /** The tags of the repository its policy removes now, as they stand. */
    public List<TagVersion> expired(long repositoryId, RepositoryName repository, Instant now) {
        Optional<Policy> found = effective(repository);
        if (found.isEmpty() || (found.get().keepLast() == null && found.get().maxAgeDays() == null)) {
            return List.of();
        }
        Policy policy = found.get();
        TagPattern keepPattern = policy.keepPattern() == null ? null : new TagPattern(policy.keepPattern());
        Instant ageCutoff = policy.maxAgeDays() == null ? null : now.minus(Duration.ofDays(policy.maxAgeDays()));
        List<ImmutableTags.Rule> immutable = immutableTags.rulesFor(repository);
        List<TagVersion> expired = new ArrayList<>();
        int rank = 0;
        for (TagVersion tag : tags.newestFirst(repositoryId)) {
            boolean kept = (policy.keepLast() != null && rank < policy.keepLast())
                    || (ageCutoff != null && !tag.updatedAt().isBefore(ageCutoff))
                    || (keepPattern != null && keepPattern.matches(tag.name()))
                    || immutable.stream().anyMatch(rule -> new TagPattern(rule.pattern()).matches(tag.name()));
            rank++;
            if (!kept) {
                expired.add(tag);
            }
        }
        return expired;
    }

    /**
     * Removes the tag unless it was pushed again or became immutable since it was planned; in the
     * caller's transaction.
     */
    public boolean remove(long repositoryId, RepositoryName repository, TagVersion tag) {
        return immutableTags.ruleFor(repository, tag.name()).isEmpty() && tags.deleteIfUnchanged(repositoryId, tag) > 0;
    }

    private static Policy policy(String namespace, RetentionRule rule) {
        return new Policy(namespace, rule.scope().equals(namespace) ? null : rule.scope(), rule.keepLast(),
                rule.keepPattern(), rule.maxAgeDays());
    }
}
