package dev.berth.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.metadata.LifecycleQueries;
import dev.berth.metadata.NativeValues;
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

    /** A tag retention removes, as it was when planned. */
    record Expired(String name, long manifestId, Instant updatedAt) {
    }

    private final LifecycleQueries queries;
    private final ImmutableTags immutableTags;
    private final Clock clock;

    RetentionPolicies(LifecycleQueries queries, ImmutableTags immutableTags, Clock clock) {
        this.queries = queries;
        this.immutableTags = immutableTags;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<Policy> list(String namespace) {
        List<Policy> policies = new ArrayList<>();
        for (Object[] row : queries.retentionPoliciesInNamespace(namespace, NativeValues.inNamespace(namespace))) {
            policies.add(policy(namespace, row));
        }
        return policies;
    }

    /** Sets the policy of the namespace ({@code repository} null) or of one of its repositories. */
    @Transactional
    public Policy put(String namespace, RepositoryName repository, Integer keepLast, TagPattern keepPattern,
                      Integer maxAgeDays) {
        String scope = ImmutableTags.scope(namespace, repository);
        queries.deleteRetention(scope);
        queries.insertRetention(scope, keepLast, keepPattern == null ? null : keepPattern.value(), maxAgeDays,
                clock.instant());
        return new Policy(namespace, repository == null ? null : repository.value(), keepLast,
                keepPattern == null ? null : keepPattern.value(), maxAgeDays);
    }

    @Transactional
    public boolean remove(String namespace, RepositoryName repository) {
        return queries.deleteRetention(ImmutableTags.scope(namespace, repository)) > 0;
    }

    /** The policy the repository follows: its own, else its namespace's. */
    Optional<Policy> effective(RepositoryName repository) {
        Policy namespacePolicy = null;
        for (Object[] row : queries.retentionPolicies(List.of(repository.namespace(), repository.value()))) {
            Policy policy = policy(repository.namespace(), row);
            if (policy.repository() != null) {
                return Optional.of(policy);
            }
            namespacePolicy = policy;
        }
        return Optional.ofNullable(namespacePolicy);
    }

    /** The tags of the repository its policy removes now. */
    List<Expired> expired(long repositoryId, RepositoryName repository, Instant now) {
        Optional<Policy> found = effective(repository);
        if (found.isEmpty() || (found.get().keepLast() == null && found.get().maxAgeDays() == null)) {
            return List.of();
        }
        Policy policy = found.get();
        TagPattern keepPattern = policy.keepPattern() == null ? null : new TagPattern(policy.keepPattern());
        Instant ageCutoff = policy.maxAgeDays() == null ? null : now.minus(Duration.ofDays(policy.maxAgeDays()));
        List<ImmutableTags.Rule> immutable = immutableTags.rulesFor(repository);
        List<Expired> expired = new ArrayList<>();
        int rank = 0;
        for (Object[] row : queries.tags(repositoryId)) {   // newest first
            String name = (String) row[0];
            Instant pushedAt = NativeValues.instant(row[2]);
            boolean kept = (policy.keepLast() != null && rank < policy.keepLast())
                    || (ageCutoff != null && !pushedAt.isBefore(ageCutoff))
                    || (keepPattern != null && keepPattern.matches(name))
                    || immutable.stream().anyMatch(rule -> new TagPattern(rule.pattern()).matches(name));
            rank++;
            if (!kept) {
                expired.add(new Expired(name, ((Number) row[1]).longValue(), pushedAt));
            }
        }
        return expired;
    }

    /**
     * Removes the tag unless it was pushed again or became immutable since it was planned; in the
     * caller's transaction.
     */
    boolean remove(long repositoryId, RepositoryName repository, Expired tag) {
        return immutableTags.ruleFor(repository, tag.name()).isEmpty() && queries.deleteTagIfUnchanged(repositoryId, tag.name(), tag.manifestId(), tag.updatedAt()) > 0;
    }

    /** id, name of every repository. */
    List<Object[]> repositories() {
        return queries.repositories();
    }

    /** name, manifest_id, updated_at of the repository's tags, newest first. */
    List<Object[]> tags(long repositoryId) {
        return queries.tags(repositoryId);
    }

    private static Policy policy(String namespace, Object[] row) {
        String scope = (String) row[0];
        return new Policy(namespace, scope.equals(namespace) ? null : scope,
                row[1] == null ? null : ((Number) row[1]).intValue(), (String) row[2],
                row[3] == null ? null : ((Number) row[3]).intValue());
    }
}
