package dev.berth.metadata;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface UploadEntityRepository extends JpaRepository<UploadEntity, String> {

    /**
     * Moves the session forward, but only from the offset the caller started at: a concurrent
     * writer that got there first makes this return 0.
     */
    @Modifying
    @Query(value = "UPDATE upload SET upload_offset = :newOffset, hash_state = :hashState,"
            + " storage_handle = :storageHandle, updated_at = :now"
            + " WHERE id = :id AND upload_offset = :expectedOffset", nativeQuery = true)
    int advance(@Param("id") String id, @Param("expectedOffset") long expectedOffset,
                @Param("newOffset") long newOffset, @Param("hashState") byte[] hashState,
                @Param("storageHandle") String storageHandle, @Param("now") Instant now);

    @Modifying
    @Query(value = "INSERT INTO upload (id, repository_name, upload_offset, hash_state, storage_handle, created_at,"
            + " updated_at) VALUES (:id, :repositoryName, 0, :hashState, :storageHandle, :now, :now)", nativeQuery = true)
    int insert(@Param("id") String id, @Param("repositoryName") String repositoryName,
               @Param("hashState") byte[] hashState, @Param("storageHandle") String storageHandle,
               @Param("now") Instant now);

    /** Gives back every writer's claim on a session ({@code upload_offset = -(offset + 1)} while claimed). */
    @Modifying
    @Query(value = "UPDATE upload SET upload_offset = -upload_offset - 1 WHERE upload_offset < 0", nativeQuery = true)
    int releaseAllClaims();

    @Modifying
    @Query(value = "DELETE FROM upload WHERE id = :id", nativeQuery = true)
    int deleteUpload(@Param("id") String id);

    List<UploadEntity> findByUpdatedAtBefore(Instant cutoff);

    @Query("select u.storageHandle from UploadEntity u")
    List<String> findAllStorageHandles();
}
