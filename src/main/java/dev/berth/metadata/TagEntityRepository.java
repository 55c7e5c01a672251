package dev.berth.metadata;

import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface TagEntityRepository extends JpaRepository<TagEntity, TagEntity.Key> {

    @Modifying
    @Query(value = "DELETE FROM tag WHERE repository_id = :repositoryId AND name = :name", nativeQuery = true)
    int deleteTag(@Param("repositoryId") long repositoryId, @Param("name") String name);

    /** Tag names after {@code last} in byte order. */
    @Query("select t.name from TagEntity t where t.repositoryId = :repositoryId and t.name > :last order by t.name")
    List<String> findNamesAfter(@Param("repositoryId") long repositoryId, @Param("last") String last, Limit limit);

    /** Tags of the fallback referrers schema ({@code sha256-<hex>}) point at indexes of referrers. */
    @Query("select t.manifestId from TagEntity t where t.repositoryId = :repositoryId and t.name = :name")
    List<Long> findManifestIds(@Param("repositoryId") long repositoryId, @Param("name") String name);
}
