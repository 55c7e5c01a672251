package dev.berth.metadata;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A repository's id by name, and its creation on first push, in plain JDBC: every blob and
 * manifest push asks (see {@link UploadRows} for why not Hibernate).
 */
@Component
public class RepositoryRows {

    private final JdbcClient jdbc;

    RepositoryRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Long> findId(String name) {
        return jdbc.sql("SELECT id FROM repository WHERE name = ?").param(name).query(Long.class).optional();
    }

    /** Creates the repository unless it exists; safe when several requests race to create it. */
    public int insertIfAbsent(String name, Instant now) {
        return jdbc.sql("INSERT INTO repository (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(name, NativeValues.timestamp(now))
                .update();
    }
}
