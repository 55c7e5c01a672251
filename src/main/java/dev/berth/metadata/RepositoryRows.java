package dev.berth.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.berth.oci.RepositoryName;

/** The {@code repository} rows: ids by name, creation on first push, the catalog's names. */
@Component
public class RepositoryRows {

    /** A repository's id and name. */
    public record RepositoryRef(long id, RepositoryName name) {
    }

    private final JdbcClient jdbc;

    RepositoryRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Long> findId(RepositoryName name) {
        return jdbc.sql("SELECT id FROM repository WHERE name = ?").param(name.value()).query(Long.class).optional();
    }

    /**
     * Creates the repository unless it exists, and its namespace's row with it: a namespace that
     * holds repositories always has an owner of record (the user of that name when there is one),
     * so nobody can claim it later. Safe when several requests race to create either.
     */
    public int insertIfAbsent(RepositoryName name, Instant now) {
        int created = jdbc.sql("INSERT INTO repository (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(name.value(), NativeValues.timestamp(now))
                .update();
        if (created > 0) {
            jdbc.sql("INSERT INTO namespace (name, public_pull, created_at, owner) SELECT ?, NULL, ?, "
                            + "(SELECT username FROM users WHERE username = ? AND robot = FALSE) ON CONFLICT DO NOTHING")
                    .params(name.namespace(), NativeValues.timestamp(now), name.namespace())
                    .update();
        }
        return created;
    }

    /** Up to {@code limit} names after {@code last} in byte order (the catalog's pages). */
    public List<RepositoryName> namesAfter(String last, int limit) {
        return jdbc.sql("SELECT name FROM repository WHERE name > ? ORDER BY name LIMIT ?").params(last, limit)
                .query((rs, row) -> RepositoryName.of(rs.getString(1))).list();
    }

    /** Whether a repository lives in the namespace ({@code ns} itself or {@code ns/...}). */
    public boolean existsInNamespace(String namespace) {
        return jdbc.sql("SELECT COUNT(*) FROM repository WHERE name = ? OR name LIKE ? ESCAPE '!'")
                .params(namespace, NativeValues.inNamespace(namespace)).query(Long.class).single() > 0;
    }

    /** Every repository, by id. */
    public List<RepositoryRef> all() {
        return jdbc.sql("SELECT id, name FROM repository ORDER BY id")
                .query((rs, row) -> new RepositoryRef(rs.getLong(1), RepositoryName.of(rs.getString(2)))).list();
    }

    /** Removes the repository; its manifests, tags and links go with it (foreign keys cascade). */
    public int delete(long id) {
        return jdbc.sql("DELETE FROM repository WHERE id = ?").param(id).update();
    }
}
