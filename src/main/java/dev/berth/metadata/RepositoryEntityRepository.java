package dev.berth.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface RepositoryEntityRepository extends JpaRepository<RepositoryEntity, Long> {

    @Query("select r.id from RepositoryEntity r where r.name = :name")
    Optional<Long> findIdByName(@Param("name") String name);

    /** Creates the repository unless it exists; safe when several requests race to create it. */
    @Modifying
    @Query(value = "INSERT INTO repository (name, created_at) VALUES (:name, :now) ON CONFLICT DO NOTHING",
            nativeQuery = true)
    int insertIfAbsent(@Param("name") String name, @Param("now") Instant now);

    /** Whether a repository lives in the namespace ({@code ns} itself or {@code ns/...}). */
    @Query("select count(r) > 0 from RepositoryEntity r where r.name = :namespace or r.name like :prefix escape '!'")
    boolean existsInNamespace(@Param("namespace") String namespace, @Param("prefix") String prefix);

    /** Names after {@code last} in byte order (the catalog's pages). */
    @Query("select r.name from RepositoryEntity r where r.name > :last order by r.name")
    List<String> findNamesAfter(@Param("last") String last, Limit limit);
}
