package dev.berth.metadata;

/** Aggregates over the whole registry, for gauges: one cheap query each, no rows loaded. */
public interface RegistryStatistics {

    long countBlobs();

    long sumBlobSizes();

    long countManifests();

    long sumManifestSizes();

    long countUploads();
}
