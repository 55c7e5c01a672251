package dev.berth.metadata;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@link RegistryStatistics} from one aggregate query each, no rows loaded. */
@Component
class JdbcRegistryStatistics implements RegistryStatistics {

    private final JdbcClient jdbc;

    JdbcRegistryStatistics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long countBlobs() {
        return count("SELECT COUNT(*) FROM blob");
    }

    @Override
    public long sumBlobSizes() {
        return count("SELECT COALESCE(SUM(size), 0) FROM blob");
    }

    @Override
    public long countManifests() {
        return count("SELECT COUNT(*) FROM manifest");
    }

    @Override
    public long sumManifestSizes() {
        return count("SELECT COALESCE(SUM(size), 0) FROM manifest");
    }

    @Override
    public long countUploads() {
        return count("SELECT COUNT(*) FROM upload");
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
