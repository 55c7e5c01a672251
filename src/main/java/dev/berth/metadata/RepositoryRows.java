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

    /**
     * Creates the repository unless it exists, and its namespace's row with it: a namespace that
     * holds repositories always has an owner of record (the user of that name when there is one),
     * so nobody can claim it later. Safe when several requests race to create either.
     */
    public int insertIfAbsent(String name, String namespace, Instant now) {
        int created = jdbc.sql("INSERT INTO repository (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(name, NativeValues.timestamp(now))
                .update();
        if (created > 0) {
            jdbc.sql("INSERT INTO namespace (name, public_pull, created_at, owner) SELECT ?, NULL, ?, "
                            + "(SELECT username FROM users WHERE username = ? AND robot = FALSE) ON CONFLICT DO NOTHING")
                    .params(namespace, NativeValues.timestamp(now), namespace)
                    .update();
        }
        return created;
    }
}
