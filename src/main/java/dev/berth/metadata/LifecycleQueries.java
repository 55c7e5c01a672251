package dev.berth.metadata;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** Rules about a namespace's content over time: immutable tags, retention, storage quotas. */
public interface LifecycleQueries extends Repository<RepositoryEntity, Long> {

    /** scope, pattern, created_at of the rules of {@code kind} on any of {@code scopes}, by scope and pattern. */
    @Query(value = "SELECT scope, pattern, created_at FROM tag_rule WHERE kind = :kind AND scope IN (:scopes)"
            + " ORDER BY scope, pattern", nativeQuery = true)
    List<Object[]> tagRules(@Param("kind") String kind, @Param("scopes") List<String> scopes);

    /** scope, pattern, created_at of the rules of {@code kind} on the namespace or its repositories. */
    @Query(value = "SELECT scope, pattern, created_at FROM tag_rule WHERE kind = :kind"
            + " AND (scope = :namespace OR scope LIKE :prefix ESCAPE '!') ORDER BY scope, pattern", nativeQuery = true)
    List<Object[]> tagRulesInNamespace(@Param("kind") String kind, @Param("namespace") String namespace,
                                       @Param("prefix") String prefix);

    @Modifying
    @Query(value = "INSERT INTO tag_rule (scope, pattern, kind, created_at) VALUES (:scope, :pattern, :kind, :now)"
            + " ON CONFLICT DO NOTHING", nativeQuery = true)
    int insertTagRule(@Param("scope") String scope, @Param("pattern") String pattern, @Param("kind") String kind,
                      @Param("now") Instant now);

    @Modifying
    @Query(value = "DELETE FROM tag_rule WHERE scope = :scope AND pattern = :pattern AND kind = :kind",
            nativeQuery = true)
    int deleteTagRule(@Param("scope") String scope, @Param("pattern") String pattern, @Param("kind") String kind);

    @Query(value = "SELECT name FROM tag WHERE manifest_id = :manifestId ORDER BY name", nativeQuery = true)
    List<String> tagNamesOf(@Param("manifestId") long manifestId);

    // ---- retention

    /** scope, keep_last, keep_pattern, max_age_days of the policies on any of {@code scopes}. */
    @Query(value = "SELECT scope, keep_last, keep_pattern, max_age_days FROM retention_policy"
            + " WHERE scope IN (:scopes) ORDER BY scope", nativeQuery = true)
    List<Object[]> retentionPolicies(@Param("scopes") List<String> scopes);

    /** scope, keep_last, keep_pattern, max_age_days of the policies on the namespace or its repositories. */
    @Query(value = "SELECT scope, keep_last, keep_pattern, max_age_days FROM retention_policy"
            + " WHERE scope = :namespace OR scope LIKE :prefix ESCAPE '!' ORDER BY scope", nativeQuery = true)
    List<Object[]> retentionPoliciesInNamespace(@Param("namespace") String namespace, @Param("prefix") String prefix);

    @Modifying
    @Query(value = "INSERT INTO retention_policy (scope, keep_last, keep_pattern, max_age_days, updated_at)"
            + " VALUES (:scope, :keepLast, :keepPattern, :maxAgeDays, :now)", nativeQuery = true)
    int insertRetention(@Param("scope") String scope, @Param("keepLast") Integer keepLast,
                        @Param("keepPattern") String keepPattern, @Param("maxAgeDays") Integer maxAgeDays,
                        @Param("now") Instant now);

    @Modifying
    @Query(value = "DELETE FROM retention_policy WHERE scope = :scope", nativeQuery = true)
    int deleteRetention(@Param("scope") String scope);

    /** id, name of every repository. */
    @Query(value = "SELECT id, name FROM repository ORDER BY id", nativeQuery = true)
    List<Object[]> repositories();

    /** name, manifest_id, updated_at of the repository's tags, newest first. */
    @Query(value = "SELECT name, manifest_id, updated_at FROM tag WHERE repository_id = :repositoryId"
            + " ORDER BY updated_at DESC, name DESC", nativeQuery = true)
    List<Object[]> tags(@Param("repositoryId") long repositoryId);

    /** Deletes the tag only if it still names the manifest it named when planned (not pushed again since). */
    @Modifying
    @Query(value = "DELETE FROM tag WHERE repository_id = :repositoryId AND name = :name"
            + " AND manifest_id = :manifestId AND updated_at = :updatedAt", nativeQuery = true)
    int deleteTagIfUnchanged(@Param("repositoryId") long repositoryId, @Param("name") String name,
                             @Param("manifestId") long manifestId, @Param("updatedAt") Instant updatedAt);

    // ---- quotas

    @Modifying
    @Query(value = "UPDATE namespace SET quota_bytes = :quotaBytes WHERE name = :namespace", nativeQuery = true)
    int setQuotaBytes(@Param("namespace") String namespace, @Param("quotaBytes") Long quotaBytes);

    /** The bytes of the blobs linked to the namespace's repositories, each digest counted once. */
    @Query(value = "SELECT COALESCE(SUM(b.size), 0) FROM blob b WHERE b.digest IN (SELECT rb.digest"
            + " FROM repository_blob rb JOIN repository r ON r.id = rb.repository_id"
            + " WHERE r.name = :namespace OR r.name LIKE :prefix ESCAPE '!')", nativeQuery = true)
    long usedBytes(@Param("namespace") String namespace, @Param("prefix") String prefix);

    /** Whether a repository of the namespace links the blob already. */
    @Query(value = "SELECT COUNT(*) FROM repository_blob rb JOIN repository r ON r.id = rb.repository_id"
            + " WHERE rb.digest = :digest AND (r.name = :namespace OR r.name LIKE :prefix ESCAPE '!')",
            nativeQuery = true)
    long linksInNamespace(@Param("namespace") String namespace, @Param("prefix") String prefix,
                          @Param("digest") String digest);
}
