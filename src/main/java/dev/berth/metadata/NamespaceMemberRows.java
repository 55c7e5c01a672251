package dev.berth.metadata;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Users' roles in namespaces ({@code namespace_member}). */
@Component
public class NamespaceMemberRows {

    /**
     * One membership.
     *
     * @param groupMapped granted by a group mapping rule, so the next sign-in may change or remove it; false: direct
     */
    public record MemberRow(String namespace, long userId, String role, Instant createdAt, boolean groupMapped) {
    }

    private static final String COLUMNS = "namespace, user_id, role, created_at, group_mapped";

    private final JdbcClient jdbc;

    NamespaceMemberRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String namespace, long userId, String role, boolean groupMapped, Instant now) {
        jdbc.sql("INSERT INTO namespace_member (namespace, user_id, role, created_at, group_mapped)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .params(namespace, userId, role, NativeValues.timestamp(now), groupMapped).update();
    }

    public Optional<MemberRow> find(String namespace, long userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM namespace_member WHERE namespace = ? AND user_id = ?")
                .params(namespace, userId).query(NamespaceMemberRows::row).optional();
    }

    public Optional<String> findRole(String namespace, long userId) {
        return jdbc.sql("SELECT role FROM namespace_member WHERE namespace = ? AND user_id = ?")
                .params(namespace, userId).query(String.class).optional();
    }

    public boolean exists(String namespace, long userId) {
        return findRole(namespace, userId).isPresent();
    }

    public List<MemberRow> ofUser(long userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM namespace_member WHERE user_id = ?").param(userId)
                .query(NamespaceMemberRows::row).list();
    }

    /** A page of the namespace's members, by user id. */
    public List<MemberRow> ofNamespace(String namespace, int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM namespace_member WHERE namespace = ? ORDER BY user_id"
                        + " LIMIT ? OFFSET ?")
                .params(namespace, limit, offset).query(NamespaceMemberRows::row).list();
    }

    public long countOfNamespace(String namespace) {
        return jdbc.sql("SELECT COUNT(*) FROM namespace_member WHERE namespace = ?").param(namespace)
                .query(Long.class).single();
    }

    public long countWithRole(String namespace, String role) {
        return jdbc.sql("SELECT COUNT(*) FROM namespace_member WHERE namespace = ? AND role = ?")
                .params(namespace, role).query(Long.class).single();
    }

    public void setRole(String namespace, long userId, String role, boolean groupMapped) {
        jdbc.sql("UPDATE namespace_member SET role = ?, group_mapped = ? WHERE namespace = ? AND user_id = ?")
                .params(role, groupMapped, namespace, userId).update();
    }

    public boolean delete(String namespace, long userId) {
        return jdbc.sql("DELETE FROM namespace_member WHERE namespace = ? AND user_id = ?").params(namespace, userId)
                .update() == 1;
    }

    private static MemberRow row(ResultSet rs, int row) throws SQLException {
        return new MemberRow(rs.getString(1), rs.getLong(2), rs.getString(3), NativeValues.instant(rs.getObject(4)),
                rs.getBoolean(5));
    }
}
