package dev.berth.registry.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.metadata.LifecycleRows;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;

/**
 * Immutable tags: rules on a namespace or on one repository naming tag patterns. Once a tag that
 * a rule matches exists, nobody (admins included) may move it to another manifest or delete it,
 * directly or by deleting the manifest it names. Pushing the same manifest again, and creating a
 * new tag that matches, are fine.
 */
@Service
public class ImmutableTags {

    static final String KIND = "immutable";

    /**
     * A rule.
     *
     * @param repository null for a rule on the whole namespace
     */
    public record Rule(String namespace, String repository, String pattern, Instant createdAt) {

        String describe() {
            return "rule " + pattern + " on " + (repository == null ? "namespace " + namespace
                    : "repository " + repository);
        }
    }

    private final LifecycleRows queries;
    private final Clock clock;

    ImmutableTags(LifecycleRows queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    /** The first rule that makes {@code tag} of the repository immutable. */
    public Optional<Rule> ruleFor(RepositoryName repository, String tag) {
        for (Rule rule : rulesFor(repository)) {
            if (new TagPattern(rule.pattern()).matches(tag)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /** The rules applying to the repository: its namespace's, then its own. */
    public List<Rule> rulesFor(RepositoryName repository) {
        return rules(queries.tagRules(KIND, List.of(repository.namespace(), repository.value())),
                repository.namespace());
    }

    /** Refuses (DENIED) changing {@code tag} when a rule makes it immutable. */
    public void checkMutable(RepositoryName repository, String tag, String change) {
        Optional<Rule> rule = ruleFor(repository, tag);
        if (rule.isPresent()) {
            throw new OciException(OciErrorCode.DENIED, "tag " + tag + " is immutable (" + rule.get().describe()
                    + ")" + (change == null ? "" : "; it cannot be " + change));
        }
    }

    /** Every rule of the namespace, its own and its repositories'. */
    @Transactional(readOnly = true)
    public List<Rule> list(String namespace) {
        return rules(queries.tagRulesInNamespace(KIND, namespace), namespace);
    }

    /** Adds a rule; false when it existed. {@code repository} null: on the whole namespace. */
    @Transactional
    public boolean add(String namespace, RepositoryName repository, TagPattern pattern) {
        return queries.insertTagRule(scope(namespace, repository), pattern.value(), KIND, clock.instant()) > 0;
    }

    @Transactional
    public boolean remove(String namespace, RepositoryName repository, TagPattern pattern) {
        return queries.deleteTagRule(scope(namespace, repository), pattern.value(), KIND) > 0;
    }

    static String scope(String namespace, RepositoryName repository) {
        if (repository == null) {
            return namespace;
        }
        if (!repository.namespace().equals(namespace)) {
            throw new IllegalArgumentException(repository + " is not in namespace " + namespace);
        }
        return repository.value();
    }


    private static List<Rule> rules(List<LifecycleRows.TagRule> rows, String namespace) {
        return rows.stream().map(row -> new Rule(namespace, row.scope().equals(namespace) ? null : row.scope(),
                row.pattern(), row.createdAt())).toList();
    }

}
