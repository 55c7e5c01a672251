package dev.berth.metadata;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

/** The {@code manifest_reference} rows: what each manifest points at. */
public interface ManifestReferenceRepository extends Repository<ManifestEntity, Long> {

    @Modifying
    @Query(value = "INSERT INTO manifest_reference (manifest_id, digest, kind) VALUES (:manifestId, :digest, :kind)"
            + " ON CONFLICT DO NOTHING", nativeQuery = true)
    int insertIfAbsent(@Param("manifestId") long manifestId, @Param("digest") String digest,
                       @Param("kind") String kind);
}
