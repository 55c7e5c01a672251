package dev.berth.metadata;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** Person and robot accounts ({@code users}). */
@Component
public class UserRows {

    /** The origin of accounts with a Berth password, and of robots. */
    public static final String LOCAL = "local";

    /**
     * One account.
     *
     * @param passwordVersion raised by each password change; tokens issued under an older one are refused
     * @param origin          where the account signs in: {@value #LOCAL}, {@code ldap} or {@code oidc:<provider>}
     * @param externalSubject what the account's source calls it (an LDAP DN, a {@code sub}); null for local ones
     */
    public record UserRow(long id, String username, String passwordHash, boolean admin, boolean enabled,
                          boolean robot, Instant createdAt, int passwordVersion, String origin,
                          String externalSubject) {

        @Override
        public String toString() {
            return "UserRow[id=" + id + ", username=" + username + ", origin=" + origin + "]";
        }
    }

    private static final String COLUMNS = "id, username, password_hash, admin, enabled, robot, created_at,"
            + " password_version, origin, external_subject";

    private final JdbcClient jdbc;

    UserRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts an account, enabled. @throws org.springframework.dao.DuplicateKeyException when the name is taken */
    public UserRow insert(String username, String passwordHash, boolean admin, boolean robot, String origin,
                          String externalSubject, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO users (username, password_hash, admin, enabled, robot, created_at, password_version,"
                        + " origin, external_subject) VALUES (?, ?, ?, TRUE, ?, ?, 0, ?, ?)")
                .params(username, passwordHash, admin, robot, NativeValues.timestamp(now), origin, externalSubject)
                .update(keys, "id");
        return new UserRow(keys.getKey().longValue(), username, passwordHash, admin, true, robot, now, 0, origin,
                externalSubject);
    }

    public Optional<UserRow> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = ?").param(id).query(UserRows::row).optional();
    }

    public Optional<UserRow> find(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE username = ?").param(username)
                .query(UserRows::row).optional();
    }

    public boolean exists(String username) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE username = ?").param(username).query(Long.class)
                .single() > 0;
    }

    public Optional<UserRow> findExternal(String origin, String externalSubject) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE origin = ? AND external_subject = ?")
                .params(origin, externalSubject).query(UserRows::row).optional();
    }

    public List<UserRow> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id IN (:ids)").param("ids", ids)
                .query(UserRows::row).list();
    }

    /** A page of every account, by username. */
    public List<UserRow> page(int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users ORDER BY username LIMIT ? OFFSET ?")
                .params(limit, offset).query(UserRows::row).list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
    }

    /** The accounts that may still administer Berth: admins that are enabled. */
    public long countEnabledAdmins() {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE admin AND enabled").query(Long.class).single();
    }

    /** A page of the robots whose names start with {@code prefix} ({@code team+}), by username. */
    public List<UserRow> robots(String prefix, int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE robot AND username LIKE ? ESCAPE '!'"
                        + " ORDER BY username LIMIT ? OFFSET ?")
                .params(NativeValues.startingWith(prefix), limit, offset).query(UserRows::row).list();
    }

    public long countRobots(String prefix) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE robot AND username LIKE ? ESCAPE '!'")
                .param(NativeValues.startingWith(prefix)).query(Long.class).single();
    }

    public void setExternalSubject(long id, String externalSubject) {
        jdbc.sql("UPDATE users SET external_subject = ? WHERE id = ?").params(externalSubject, id).update();
    }

    /** Sets a new password hash and ends every token issued under the old password. */
    public void changePasswordHash(long id, String passwordHash) {
        jdbc.sql("UPDATE users SET password_hash = ?, password_version = password_version + 1 WHERE id = ?")
                .params(passwordHash, id).update();
    }

    public void setFlags(long id, boolean admin, boolean enabled) {
        jdbc.sql("UPDATE users SET admin = ?, enabled = ? WHERE id = ?").params(admin, enabled, id).update();
    }

    /** Deletes the account; its tokens and memberships go with it (the schema cascades). */
    public boolean delete(long id) {
        return jdbc.sql("DELETE FROM users WHERE id = ?").param(id).update() == 1;
    }

    private static UserRow row(ResultSet rs, int row) throws SQLException {
        return new UserRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5),
                rs.getBoolean(6), NativeValues.instant(rs.getObject(7)), rs.getInt(8), rs.getString(9),
                rs.getString(10));
    }
}
