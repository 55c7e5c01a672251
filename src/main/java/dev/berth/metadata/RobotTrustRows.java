package dev.berth.metadata;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** The rules by which robots trust CI jobs' OIDC tokens; {@code conditions} is a JSON object. */
@Component
public class RobotTrustRows {

    public record TrustRow(long id, long robotId, String issuer, String audience, String conditions, String createdBy,
                           Instant createdAt) {
    }

    private static final String COLUMNS = "id, robot_id, issuer, audience, conditions, created_by, created_at";

    private final JdbcClient jdbc;

    RobotTrustRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(long robotId, String issuer, String audience, String conditions, String createdBy,
                       Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO robot_trust (robot_id, issuer, audience, conditions, created_by, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(robotId, issuer, audience, conditions, createdBy, NativeValues.timestamp(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public List<TrustRow> forRobot(long robotId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM robot_trust WHERE robot_id = ? ORDER BY id").param(robotId)
                .query(RobotTrustRows::row).list();
    }

    public Optional<TrustRow> find(long robotId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM robot_trust WHERE robot_id = ? AND id = ?").params(robotId, id)
                .query(RobotTrustRows::row).optional();
    }

    public boolean delete(long robotId, long id) {
        return jdbc.sql("DELETE FROM robot_trust WHERE robot_id = ? AND id = ?").params(robotId, id).update() == 1;
    }

    private static TrustRow row(ResultSet rs, int row) throws SQLException {
        return new TrustRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), NativeValues.instant(rs.getObject(7)));
    }
}
