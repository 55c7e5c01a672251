package dev.berth.metadata;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface SigningKeyEntityRepository extends JpaRepository<SigningKeyEntity, String> {

    /** Keys still signing, newest first. */
    List<SigningKeyEntity> findByRetiredAtIsNullOrderByCreatedAtDesc();

    /** Retires every signing key but {@code kid}. */
    @Modifying
    @Query("update SigningKeyEntity k set k.retiredAt = :now where k.kid <> :kid and k.retiredAt is null")
    int retireAllBut(@Param("kid") String kid, @Param("now") Instant now);

    @Modifying
    @Query("delete from SigningKeyEntity k where k.retiredAt < :before")
    int deleteRetiredBefore(@Param("before") Instant before);
}
