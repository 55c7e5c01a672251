package dev.berth.metadata;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Aggregates over the whole registry, for gauges: one cheap query each, no rows loaded. */
public interface RegistryStatistics extends Repository<BlobEntity, String> {

    @Query("select count(b) from BlobEntity b")
    long countBlobs();

    @Query("select coalesce(sum(b.size), 0) from BlobEntity b")
    long sumBlobSizes();

    @Query("select count(m) from ManifestEntity m")
    long countManifests();

    @Query("select coalesce(sum(m.size), 0) from ManifestEntity m")
    long sumManifestSizes();

    @Query(value = "SELECT COUNT(*) FROM upload", nativeQuery = true)
    long countUploads();
}
