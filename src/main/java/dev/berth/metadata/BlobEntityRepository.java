package dev.berth.metadata;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface BlobEntityRepository extends JpaRepository<BlobEntity, String> {

    @Modifying
    @Query(value = "INSERT INTO blob (digest, size, created_at, touched_at) VALUES (:digest, :size, :now, :now)"
            + " ON CONFLICT DO NOTHING", nativeQuery = true)
    int insertIfAbsent(@Param("digest") String digest, @Param("size") long size, @Param("now") Instant now);

    /** Marks the blob as about to be relied on; locks its row until the transaction ends. */
    @Modifying
    @Query(value = "UPDATE blob SET touched_at = :now WHERE digest = :digest", nativeQuery = true)
    int touch(@Param("digest") String digest, @Param("now") Instant now);

    /** Waits for a collector deleting the blob, then says whether it is still there. */
    @Query(value = "SELECT digest FROM blob WHERE digest = :digest FOR UPDATE", nativeQuery = true)
    Optional<String> lock(@Param("digest") String digest);

    /** As {@link #findLinked}, locking the links so a collector cannot remove them before the caller commits. */
    @Query(value = "SELECT digest FROM repository_blob WHERE repository_id = :repositoryId AND digest IN (:digests)"
            + " FOR UPDATE", nativeQuery = true)
    java.util.List<String> lockLinked(@Param("repositoryId") long repositoryId,
                                      @Param("digests") java.util.Collection<String> digests);

    @Modifying
    @Query(value = "INSERT INTO repository_blob (repository_id, digest, created_at) VALUES (:repositoryId, :digest, :now)"
            + " ON CONFLICT DO NOTHING", nativeQuery = true)
    int link(@Param("repositoryId") long repositoryId, @Param("digest") String digest, @Param("now") Instant now);

    @Modifying
    @Query(value = "DELETE FROM repository_blob WHERE repository_id = :repositoryId AND digest = :digest",
            nativeQuery = true)
    int unlink(@Param("repositoryId") long repositoryId, @Param("digest") String digest);

    /** The size of {@code digest} when it is linked to the named repository. */
    @Query(value = "SELECT b.size FROM blob b JOIN repository_blob rb ON rb.digest = b.digest"
            + " JOIN repository r ON r.id = rb.repository_id WHERE r.name = :name AND b.digest = :digest",
            nativeQuery = true)
    Optional<Long> findLinkedSize(@Param("name") String repositoryName, @Param("digest") String digest);

}
