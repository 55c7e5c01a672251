package dev.berth.metadata;

import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/**
 * The read-only queries of the browse API. Each returns a whole page's worth in one statement, so
 * a page costs the same few queries however many tags it shows.
 */
public interface BrowseQueries extends Repository<RepositoryEntity, Long> {

    @Query("select new dev.berth.metadata.RepositoryStats(r.id, r.name, r.createdAt,"
            + " (select count(t) from TagEntity t where t.repositoryId = r.id),"
            + " (select coalesce(sum(m.size), 0) from ManifestEntity m where m.repositoryId = r.id),"
            + " (select max(t.updatedAt) from TagEntity t where t.repositoryId = r.id),"
            + " (select max(m.createdAt) from ManifestEntity m where m.repositoryId = r.id))"
            + " from RepositoryEntity r where r.name like :pattern escape '!' order by r.name")
    List<RepositoryStats> repositories(@Param("pattern") String pattern);

    /** Per repository id: the bytes of the blobs linked to it, each counted once. */
    @Query(value = "SELECT rb.repository_id, SUM(b.size) FROM repository_blob rb JOIN blob b ON b.digest = rb.digest"
            + " WHERE rb.repository_id IN (:ids) GROUP BY rb.repository_id", nativeQuery = true)
    List<Object[]> blobBytes(@Param("ids") Collection<Long> ids);

    /**
     * Per repository id: the bytes its manifests reference (config and layers), counted once per
     * manifest that references them: what the repository would weigh with nothing shared.
     */
    @Query(value = "SELECT m.repository_id, SUM(b.size) FROM manifest m JOIN manifest_reference mr"
            + " ON mr.manifest_id = m.id JOIN blob b ON b.digest = mr.digest"
            + " WHERE m.repository_id IN (:ids) AND mr.kind IN ('config', 'layer') GROUP BY m.repository_id",
            nativeQuery = true)
    List<Object[]> referencedBytes(@Param("ids") Collection<Long> ids);

    @Query("select count(t) from TagEntity t where t.repositoryId = :repositoryId and t.name like :pattern escape '!'")
    long countTags(@Param("repositoryId") long repositoryId, @Param("pattern") String pattern);

    @Query("select new dev.berth.metadata.TagRow(t.name, t.updatedAt, m.id, m.digest, m.mediaType, m.artifactType,"
            + " m.size, m.payload) from TagEntity t join ManifestEntity m on m.id = t.manifestId"
            + " where t.repositoryId = :repositoryId and t.name like :pattern escape '!'")
    List<TagRow> tags(@Param("repositoryId") long repositoryId, @Param("pattern") String pattern, Pageable page);

    /** Manifests of the repository by digest: the children of the indexes on a page. */
    @Query("select new dev.berth.metadata.ManifestRow(m.id, m.digest, m.mediaType, m.size, m.payload)"
            + " from ManifestEntity m where m.repositoryId = :repositoryId and m.digest in :digests")
    List<ManifestRow> manifests(@Param("repositoryId") long repositoryId, @Param("digests") Collection<String> digests);

    @Query("select new dev.berth.metadata.ReferrerRow(m.subjectDigest, m.digest, m.mediaType, m.artifactType, m.size)"
            + " from ManifestEntity m where m.repositoryId = :repositoryId and m.subjectDigest in :subjects"
            + " order by m.digest")
    List<ReferrerRow> referrers(@Param("repositoryId") long repositoryId,
                                @Param("subjects") Collection<String> subjects);

    @Query("select t.name from TagEntity t join ManifestEntity m on m.id = t.manifestId"
            + " where t.repositoryId = :repositoryId and m.digest = :digest order by t.name")
    List<String> tagsOf(@Param("repositoryId") long repositoryId, @Param("digest") String digest);
}
