package dev.berth.metadata;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AuditEventEntityRepository extends JpaRepository<AuditEventEntity, Long> {

    Page<AuditEventEntity> findByActor(String actor, Pageable pageable);
}
