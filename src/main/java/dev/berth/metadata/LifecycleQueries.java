package dev.berth.metadata;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** Rules about a repository's tags over time: immutable tags. */
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
}
