package dev.berth.metadata;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Personal and robot access tokens ({@code access_token}). Only a hash of each secret is stored. */
@Component
public class AccessTokenRows {

    /**
     * One token.
     *
     * @param namespace the only namespace it may reach; null for all of its owner's
     * @param actions   the only actions it may take, comma separated; null for all
     */
    public record TokenRow(String id, long userId, String description, byte[] secretHash, String namespace,
                           String actions, Instant expiresAt, Instant lastUsedAt, Instant revokedAt,
                           Instant createdAt) {

        public TokenRow {
            secretHash = secretHash.clone();
        }

        @Override
        public byte[] secretHash() {
            return secretHash.clone();
        }

        @Override
        public String toString() {
            return "TokenRow[id=" + id + ", userId=" + userId + "]";
        }
    }

    private static final String COLUMNS = "id, user_id, description, secret_hash, namespace, actions, expires_at,"
            + " last_used_at, revoked_at, created_at";

    private final JdbcClient jdbc;

    AccessTokenRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public TokenRow insert(String id, long userId, String description, byte[] secretHash, String namespace,
                           String actions, Instant expiresAt, Instant now) {
        jdbc.sql("INSERT INTO access_token (id, user_id, description, secret_hash, namespace, actions, expires_at,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, userId, description, secretHash, namespace, actions,
                        expiresAt == null ? null : NativeValues.timestamp(expiresAt), NativeValues.timestamp(now))
                .update();
        return new TokenRow(id, userId, description, secretHash, namespace, actions, expiresAt, null, null, now);
    }

    public Optional<TokenRow> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_token WHERE id = ?").param(id)
                .query(AccessTokenRows::row).optional();
    }

    public Optional<TokenRow> find(String id, long userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_token WHERE id = ? AND user_id = ?").params(id, userId)
                .query(AccessTokenRows::row).optional();
    }

    /** A page of the user's tokens, oldest first. */
    public List<TokenRow> ofUser(long userId, int offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM access_token WHERE user_id = ? ORDER BY created_at, id"
                        + " LIMIT ? OFFSET ?")
                .params(userId, limit, offset).query(AccessTokenRows::row).list();
    }

    public long countOfUser(long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM access_token WHERE user_id = ?").param(userId).query(Long.class)
                .single();
    }

    /** Records a use; at most once a minute per token, so a busy token costs no write per request. */
    public void touch(String id, Instant now, Instant staleBefore) {
        jdbc.sql("UPDATE access_token SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL"
                        + " OR last_used_at < ?)")
                .params(NativeValues.timestamp(now), id, NativeValues.timestamp(staleBefore)).update();
    }

    /** Revokes the token unless it already is; an earlier revocation keeps its time. */
    public void revoke(String id, Instant now) {
        jdbc.sql("UPDATE access_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .params(NativeValues.timestamp(now), id).update();
    }

    private static TokenRow row(ResultSet rs, int row) throws SQLException {
        return new TokenRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getBytes(4), rs.getString(5),
                rs.getString(6), NativeValues.instantOrNull(rs.getObject(7)),
                NativeValues.instantOrNull(rs.getObject(8)), NativeValues.instantOrNull(rs.getObject(9)),
                NativeValues.instant(rs.getObject(10)));
    }
}
