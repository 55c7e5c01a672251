package dev.berth.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.berth.oci.Digest;

/**
 * Rules about a namespace's content over time: tag rules (immutable tags), retention policies and
 * storage quotas. A rule's {@code scope} is a namespace's name or a repository's full name.
 */
@Component
public class LifecycleRows {

    /** A tag rule of some kind on a scope. */
    public record TagRule(String scope, String pattern, Instant createdAt) {
    }

    /** A retention policy on a scope; each limit null when unset. */
    public record RetentionRule(String scope, Integer keepLast, String keepPattern, Integer maxAgeDays) {
    }

    private final JdbcClient jdbc;

    LifecycleRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The rules of {@code kind} on any of {@code scopes}, by scope and pattern. */
    public List<TagRule> tagRules(String kind, List<String> scopes) {
        return jdbc.sql("SELECT scope, pattern, created_at FROM tag_rule WHERE kind = :kind AND scope IN (:scopes)"
                        + " ORDER BY scope, pattern")
                .param("kind", kind).param("scopes", scopes).query(LifecycleRows::tagRule).list();
    }

    /** The rules of {@code kind} on the namespace or any of its repositories. */
    public List<TagRule> tagRulesInNamespace(String kind, String namespace) {
        return jdbc.sql("SELECT scope, pattern, created_at FROM tag_rule WHERE kind = ?"
                        + " AND (scope = ? OR scope LIKE ? ESCAPE '!') ORDER BY scope, pattern")
                .params(kind, namespace, NativeValues.inNamespace(namespace)).query(LifecycleRows::tagRule).list();
    }

    public int insertTagRule(String scope, String pattern, String kind, Instant now) {
        return jdbc.sql("INSERT INTO tag_rule (scope, pattern, kind, created_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(scope, pattern, kind, NativeValues.timestamp(now)).update();
    }

    public int deleteTagRule(String scope, String pattern, String kind) {
        return jdbc.sql("DELETE FROM tag_rule WHERE scope = ? AND pattern = ? AND kind = ?")
                .params(scope, pattern, kind).update();
    }

    /** The retention policies on any of {@code scopes}, by scope. */
    public List<RetentionRule> retentionRules(List<String> scopes) {
        return jdbc.sql("SELECT scope, keep_last, keep_pattern, max_age_days FROM retention_policy"
                        + " WHERE scope IN (:scopes) ORDER BY scope")
                .param("scopes", scopes).query(LifecycleRows::retentionRule).list();
    }

    /** The retention policies on the namespace or any of its repositories, by scope. */
    public List<RetentionRule> retentionRulesInNamespace(String namespace) {
        return jdbc.sql("SELECT scope, keep_last, keep_pattern, max_age_days FROM retention_policy"
                        + " WHERE scope = ? OR scope LIKE ? ESCAPE '!' ORDER BY scope")
                .params(namespace, NativeValues.inNamespace(namespace)).query(LifecycleRows::retentionRule).list();
    }

    public int insertRetention(RetentionRule rule, Instant now) {
        return jdbc.sql("INSERT INTO retention_policy (scope, keep_last, keep_pattern, max_age_days, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .params(rule.scope(), rule.keepLast(), rule.keepPattern(), rule.maxAgeDays(),
                        NativeValues.timestamp(now))
                .update();
    }

    public int deleteRetention(String scope) {
        return jdbc.sql("DELETE FROM retention_policy WHERE scope = ?").param(scope).update();
    }

    // ---- quotas

    /** The namespace's own quota: empty when it has no row or no quota of its own. */
    public Optional<Long> ownQuota(String namespace) {
        return jdbc.sql("SELECT quota_bytes FROM namespace WHERE name = ? AND quota_bytes IS NOT NULL")
                .param(namespace).query(Long.class).optional();
    }

    public int setQuotaBytes(String namespace, Long quotaBytes) {
        return jdbc.sql("UPDATE namespace SET quota_bytes = ? WHERE name = ?").params(quotaBytes, namespace).update();
    }

    /** The bytes of the blobs linked to the namespace's repositories, each digest counted once. */
    public long usedBytes(String namespace) {
        return jdbc.sql("SELECT COALESCE(SUM(b.size), 0) FROM blob b WHERE b.digest IN (SELECT rb.digest"
                        + " FROM repository_blob rb JOIN repository r ON r.id = rb.repository_id"
                        + " WHERE r.name = ? OR r.name LIKE ? ESCAPE '!')")
                .params(namespace, NativeValues.inNamespace(namespace)).query(Long.class).single();
    }

    /** Whether a repository of the namespace links the blob already. */
    public boolean linkedInNamespace(String namespace, Digest digest) {
        return jdbc.sql("SELECT COUNT(*) FROM repository_blob rb JOIN repository r ON r.id = rb.repository_id"
                        + " WHERE rb.digest = ? AND (r.name = ? OR r.name LIKE ? ESCAPE '!')")
                .params(digest.toString(), namespace, NativeValues.inNamespace(namespace))
                .query(Long.class).single() > 0;
    }

    private static TagRule tagRule(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new TagRule(rs.getString(1), rs.getString(2), NativeValues.instant(rs.getObject(3)));
    }

    private static RetentionRule retentionRule(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new RetentionRule(rs.getString(1), (Integer) rs.getObject(2, Integer.class), rs.getString(3),
                (Integer) rs.getObject(4, Integer.class));
    }
}
