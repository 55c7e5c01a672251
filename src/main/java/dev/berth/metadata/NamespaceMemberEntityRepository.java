package dev.berth.metadata;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface NamespaceMemberEntityRepository
        extends JpaRepository<NamespaceMemberEntity, NamespaceMemberEntity.Key> {

    @Query("select m.role from NamespaceMemberEntity m where m.namespace = :namespace and m.userId = :userId")
    Optional<String> findRole(@Param("namespace") String namespace, @Param("userId") Long userId);

    List<NamespaceMemberEntity> findByUserId(Long userId);

    Page<NamespaceMemberEntity> findByNamespace(String namespace, Pageable pageable);

    long countByNamespaceAndRole(String namespace, String role);
}
