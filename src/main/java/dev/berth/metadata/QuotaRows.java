package dev.berth.metadata;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A namespace's own storage quota, in plain JDBC: every blob a client pushes asks for it (see
 * {@link UploadRows} for why not Hibernate).
 */
@Component
public class QuotaRows {

    private final JdbcClient jdbc;

    QuotaRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The namespace's own quota: empty when it has no row or no quota of its own. */
    public Optional<Long> ownQuota(String namespace) {
        return jdbc.sql("SELECT quota_bytes FROM namespace WHERE name = ? AND quota_bytes IS NOT NULL")
                .param(namespace)
                .query(Long.class).optional();
    }
}
