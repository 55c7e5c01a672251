package dev.berth.metadata;

import java.util.List;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface RepositoryEntityRepository extends JpaRepository<RepositoryEntity, Long> {

    /** Whether a repository lives in the namespace ({@code ns} itself or {@code ns/...}). */
    @Query("select count(r) > 0 from RepositoryEntity r where r.name = :namespace or r.name like :prefix escape '!'")
    boolean existsInNamespace(@Param("namespace") String namespace, @Param("prefix") String prefix);

    /** Names after {@code last} in byte order (the catalog's pages). */
    @Query("select r.name from RepositoryEntity r where r.name > :last order by r.name")
    List<String> findNamesAfter(@Param("last") String last, Limit limit);
}
