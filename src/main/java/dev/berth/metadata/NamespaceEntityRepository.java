package dev.berth.metadata;

import java.time.Instant;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface NamespaceEntityRepository extends JpaRepository<NamespaceEntity, String> {

    /** Creates the namespace unless it exists; safe when several requests race to create it. */
    @Modifying
    @Query(value = "INSERT INTO namespace (name, public_pull, created_at) VALUES (:name, NULL, :now) "
            + "ON CONFLICT DO NOTHING", nativeQuery = true)
    int insertIfAbsent(@Param("name") String name, @Param("now") Instant now);

    /** Creates the namespace with its owner of record unless it exists. */
    @Modifying
    @Query(value = "INSERT INTO namespace (name, public_pull, created_at, owner) VALUES (:name, NULL, :now, :owner) "
            + "ON CONFLICT DO NOTHING", nativeQuery = true)
    int insertOwnedIfAbsent(@Param("name") String name, @Param("owner") String owner, @Param("now") Instant now);

    /** The namespaces a user has a role in: the one named after them and those they are a member of. */
    @Query("select n from NamespaceEntity n where n.name = :own or n.name in "
            + "(select m.namespace from NamespaceMemberEntity m where m.userId = :userId)")
    Page<NamespaceEntity> findByOwnNameOrMember(@Param("own") String own, @Param("userId") Long userId,
                                                Pageable pageable);
}
