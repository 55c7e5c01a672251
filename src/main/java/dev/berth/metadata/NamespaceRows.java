package dev.berth.metadata;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Namespaces, the first component of repository names, with their settings ({@code namespace}). */
@Component
public class NamespaceRows {

    /**
     * One namespace.
     *
     * @param publicPull null: follow {@code berth.auth.anonymous-pull}
     * @param owner      the user whose own namespace this is, by name (it outlives the account); null otherwise
     */
    public record NamespaceRow(String name, Boolean publicPull, Instant createdAt, String owner) {
    }

    private static final String COLUMNS = "name, public_pull, created_at, owner";

    private final JdbcClient jdbc;

    NamespaceRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the namespace unless it exists; safe when several requests race to create it. @return rows added */
    public int insertIfAbsent(String name, Instant now) {
        return jdbc.sql("INSERT INTO namespace (name, public_pull, created_at) VALUES (?, NULL, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(name, NativeValues.timestamp(now)).update();
    }

    /** Creates the namespace with its owner of record unless it exists. @return rows added */
    public int insertOwnedIfAbsent(String name, String owner, Instant now) {
        return jdbc.sql("INSERT INTO namespace (name, public_pull, created_at, owner) VALUES (?, NULL, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(name, NativeValues.timestamp(now), owner).update();
    }

    public Optional<NamespaceRow> find(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM namespace WHERE name = ?").param(name)
                .query(NamespaceRows::row).optional();
    }

    public boolean exists(String name) {
        return jdbc.sql("SELECT COUNT(*) FROM namespace WHERE name = ?").param(name).query(Long.class).single() > 0;
    }

    public void setPublicPull(String name, Boolean publicPull) {
        jdbc.sql("UPDATE namespace SET public_pull = ? WHERE name = ?").params(publicPull, name).update();
    }

    /** A page of every namespace, by name. */
    public List<NamespaceRow> page(int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM namespace ORDER BY name LIMIT ? OFFSET ?")
                .params(limit, offset).query(NamespaceRows::row).list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM namespace").query(Long.class).single();
    }

    private static final String OWN_OR_MEMBER = " FROM namespace WHERE name = ? OR name IN"
            + " (SELECT namespace FROM namespace_member WHERE user_id = ?)";

    /** A page of the namespaces a user has a role in, by name: the one named {@code own} and those they belong to. */
    public List<NamespaceRow> ownOrMember(String own, long userId, int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + OWN_OR_MEMBER + " ORDER BY name LIMIT ? OFFSET ?")
                .params(own, userId, limit, offset).query(NamespaceRows::row).list();
    }

    public long countOwnOrMember(String own, long userId) {
        return jdbc.sql("SELECT COUNT(*)" + OWN_OR_MEMBER).params(own, userId).query(Long.class).single();
    }

    /** Deletes the namespace; its memberships go with it (the schema cascades). */
    public void delete(String name) {
        jdbc.sql("DELETE FROM namespace WHERE name = ?").param(name).update();
    }

    private static NamespaceRow row(ResultSet rs, int row) throws SQLException {
        return new NamespaceRow(rs.getString(1), (Boolean) rs.getObject(2), NativeValues.instant(rs.getObject(3)),
                rs.getString(4));
    }
}
