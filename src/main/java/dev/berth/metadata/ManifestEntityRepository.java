package dev.berth.metadata;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ManifestEntityRepository extends JpaRepository<ManifestEntity, Long> {

    @Query("select m.id from ManifestEntity m where m.repositoryId = :repositoryId and m.digest = :digest")
    Optional<Long> findId(@Param("repositoryId") long repositoryId, @Param("digest") String digest);

    @Query("select new dev.berth.metadata.ManifestHead(m.digest, m.mediaType, m.size) from ManifestEntity m"
            + " join RepositoryEntity r on r.id = m.repositoryId where r.name = :name and m.digest = :digest")
    Optional<ManifestHead> findHeadByDigest(@Param("name") String repositoryName, @Param("digest") String digest);

    @Query("select new dev.berth.metadata.ManifestHead(m.digest, m.mediaType, m.size) from ManifestEntity m"
            + " join TagEntity t on t.manifestId = m.id join RepositoryEntity r on r.id = t.repositoryId"
            + " where r.name = :name and t.name = :tag")
    Optional<ManifestHead> findHeadByTag(@Param("name") String repositoryName, @Param("tag") String tag);

    @Query("select new dev.berth.metadata.ManifestRow(m.id, m.digest, m.mediaType, m.size, m.payload)"
            + " from ManifestEntity m join RepositoryEntity r on r.id = m.repositoryId"
            + " where r.name = :name and m.digest = :digest")
    Optional<ManifestRow> findRowByDigest(@Param("name") String repositoryName, @Param("digest") String digest);

    @Query("select new dev.berth.metadata.ManifestRow(m.id, m.digest, m.mediaType, m.size, m.payload)"
            + " from ManifestEntity m join TagEntity t on t.manifestId = m.id"
            + " join RepositoryEntity r on r.id = t.repositoryId where r.name = :name and t.name = :tag")
    Optional<ManifestRow> findRowByTag(@Param("name") String repositoryName, @Param("tag") String tag);

    /** As a row, not {@code Optional<byte[]>}: Spring Data would copy that array byte by byte. */
    @Query("select new dev.berth.metadata.ManifestRow(m.id, m.digest, m.mediaType, m.size, m.payload)"
            + " from ManifestEntity m where m.id = :id")
    Optional<ManifestRow> findRow(@Param("id") long id);

    /** Manifests of the repository whose subject is {@code subject}, in digest order. */
    @Query("select m from ManifestEntity m where m.repositoryId = :repositoryId and m.subjectDigest = :subject"
            + " order by m.digest")
    List<ManifestEntity> findBySubject(@Param("repositoryId") long repositoryId, @Param("subject") String subject);

    @Modifying
    @Query("delete from ManifestEntity m where m.id = :id")
    int deleteManifest(@Param("id") long id);
}
