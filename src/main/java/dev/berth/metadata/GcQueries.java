package dev.berth.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/**
 * The garbage collector's reads and its guarded deletes. Every delete is preceded by a locking read
 * and a re-check in the same transaction, since a push may have started relying on the row since
 * the collector planned to remove it.
 */
public interface GcQueries extends Repository<RepositoryEntity, Long> {

    @Query(value = "SELECT id FROM repository ORDER BY id", nativeQuery = true)
    List<Long> repositoryIds();

    /** id, digest, created_at, subject_digest of every manifest of the repository. */
    @Query(value = "SELECT id, digest, created_at, subject_digest FROM manifest WHERE repository_id = :repositoryId",
            nativeQuery = true)
    List<Object[]> manifests(@Param("repositoryId") long repositoryId);

    @Query(value = "SELECT DISTINCT manifest_id FROM tag WHERE repository_id = :repositoryId", nativeQuery = true)
    List<Long> taggedManifestIds(@Param("repositoryId") long repositoryId);

    /** manifest_id, digest, kind of what the repository's manifests point at. */
    @Query(value = "SELECT mr.manifest_id, mr.digest, mr.kind FROM manifest_reference mr"
            + " JOIN manifest m ON m.id = mr.manifest_id WHERE m.repository_id = :repositoryId", nativeQuery = true)
    List<Object[]> references(@Param("repositoryId") long repositoryId);

    /** digest, created_at of the repository's blob links. */
    @Query(value = "SELECT digest, created_at FROM repository_blob WHERE repository_id = :repositoryId",
            nativeQuery = true)
    List<Object[]> links(@Param("repositoryId") long repositoryId);

    /** digest, size of blobs touched before {@code cutoff}. */
    @Query(value = "SELECT digest, size FROM blob WHERE touched_at < :cutoff", nativeQuery = true)
    List<Object[]> blobsTouchedBefore(@Param("cutoff") Instant cutoff);

    @Query(value = "SELECT DISTINCT digest FROM repository_blob", nativeQuery = true)
    List<String> linkedDigests();

    // ---- guarded deletes: lock, re-check, delete, all in the caller's transaction

    @Query(value = "SELECT id FROM manifest WHERE id = :id FOR UPDATE", nativeQuery = true)
    Optional<Long> lockManifest(@Param("id") long id);

    /** Whether anything keeps the manifest: a tag, or an index of its repository listing it. */
    @Query(value = "SELECT (SELECT COUNT(*) FROM tag WHERE manifest_id = :id)"
            + " + (SELECT COUNT(*) FROM manifest_reference mr JOIN manifest m ON m.id = mr.manifest_id"
            + " WHERE m.repository_id = :repositoryId AND mr.kind = 'child' AND mr.digest = :digest)",
            nativeQuery = true)
    long manifestKeepers(@Param("id") long id, @Param("repositoryId") long repositoryId,
                         @Param("digest") String digest);

    @Modifying
    @Query(value = "DELETE FROM manifest WHERE id = :id", nativeQuery = true)
    int deleteManifest(@Param("id") long id);

    @Query(value = "SELECT digest FROM repository_blob WHERE repository_id = :repositoryId AND digest = :digest"
            + " AND created_at < :cutoff FOR UPDATE", nativeQuery = true)
    Optional<String> lockLink(@Param("repositoryId") long repositoryId, @Param("digest") String digest,
                              @Param("cutoff") Instant cutoff);

    @Query(value = "SELECT COUNT(*) FROM manifest_reference mr JOIN manifest m ON m.id = mr.manifest_id"
            + " WHERE m.repository_id = :repositoryId AND mr.digest = :digest", nativeQuery = true)
    long linkReferences(@Param("repositoryId") long repositoryId, @Param("digest") String digest);

    @Modifying
    @Query(value = "DELETE FROM repository_blob WHERE repository_id = :repositoryId AND digest = :digest",
            nativeQuery = true)
    int deleteLink(@Param("repositoryId") long repositoryId, @Param("digest") String digest);

    @Query(value = "SELECT size FROM blob WHERE digest = :digest AND touched_at < :cutoff FOR UPDATE",
            nativeQuery = true)
    Optional<Long> lockBlob(@Param("digest") String digest, @Param("cutoff") Instant cutoff);

    @Query(value = "SELECT COUNT(*) FROM repository_blob WHERE digest = :digest", nativeQuery = true)
    long blobLinks(@Param("digest") String digest);

    @Modifying
    @Query(value = "DELETE FROM blob WHERE digest = :digest", nativeQuery = true)
    int deleteBlob(@Param("digest") String digest);

    // ---- one collector at a time

    @Modifying
    @Query(value = "UPDATE gc_lock SET holder = :holder, locked_until = :until"
            + " WHERE name = 'gc' AND (locked_until < :now OR holder = :holder)", nativeQuery = true)
    int acquire(@Param("holder") String holder, @Param("now") Instant now, @Param("until") Instant until);

    @Modifying
    @Query(value = "UPDATE gc_lock SET holder = NULL, locked_until = :now WHERE name = 'gc' AND holder = :holder",
            nativeQuery = true)
    int release(@Param("holder") String holder, @Param("now") Instant now);

    @Modifying
    @Query(value = "INSERT INTO gc_run (started_at, finished_at, dry_run, trigger_source, tags_deleted,"
            + " manifests_deleted, links_deleted, blobs_deleted, bytes_freed, uploads_purged) VALUES (:startedAt,"
            + " :finishedAt, :dryRun, :trigger, :tags, :manifests, :links, :blobs, :bytes, :uploads)", nativeQuery = true)
    int recordRun(@Param("startedAt") Instant startedAt, @Param("finishedAt") Instant finishedAt,
                  @Param("dryRun") boolean dryRun, @Param("trigger") String trigger, @Param("tags") long tags,
                  @Param("manifests") long manifests, @Param("links") long links, @Param("blobs") long blobs,
                  @Param("bytes") long bytes, @Param("uploads") long uploads);

    /** started_at, finished_at, dry_run, trigger_source, manifests, links, blobs, bytes, uploads, tags; newest first. */
    @Query(value = "SELECT started_at, finished_at, dry_run, trigger_source, manifests_deleted, links_deleted,"
            + " blobs_deleted, bytes_freed, uploads_purged, tags_deleted FROM gc_run ORDER BY id DESC LIMIT :limit",
            nativeQuery = true)
    List<Object[]> recentRuns(@Param("limit") int limit);
}
