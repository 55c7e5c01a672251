package dev.berth.metadata;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface AccessTokenEntityRepository extends JpaRepository<AccessTokenEntity, String> {

    Page<AccessTokenEntity> findByUserId(Long userId, Pageable pageable);

    Optional<AccessTokenEntity> findByIdAndUserId(String id, Long userId);

    /** Records a use; at most once a minute per token, so a busy token costs no write per request. */
    @Modifying
    @Query("update AccessTokenEntity t set t.lastUsedAt = :now where t.id = :id "
            + "and (t.lastUsedAt is null or t.lastUsedAt < :staleBefore)")
    int touch(@Param("id") String id, @Param("now") Instant now, @Param("staleBefore") Instant staleBefore);
}
