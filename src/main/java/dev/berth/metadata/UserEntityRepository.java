package dev.berth.metadata;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface UserEntityRepository extends JpaRepository<UserEntity, Long> {

    Optional<UserEntity> findByUsername(String username);

    boolean existsByUsername(String username);

    Optional<UserEntity> findByOriginAndExternalSubject(String origin, String externalSubject);

    long countByAdminTrueAndEnabledTrue();

    Page<UserEntity> findByRobotTrueAndUsernameStartingWith(String prefix, Pageable pageable);
}
