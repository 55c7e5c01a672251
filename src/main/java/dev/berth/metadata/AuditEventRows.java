package dev.berth.metadata;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit trail, appended and read in plain JDBC: every manifest push writes a line, and
 * persisting an entity through Hibernate for it cost more than the push's other statements
 * together (JFR over 100 parallel image pushes).
 */
@Component
public class AuditEventRows {

    /** One line of the trail. */
    public record AuditEventRow(long id, Instant occurredAt, String actor, String action, String target,
                                String outcome, String clientAddress, String detail) {
    }

    private final JdbcClient jdbc;

    AuditEventRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Instant occurredAt, String actor, String action, String target, String outcome,
                       String clientAddress, String detail) {
        jdbc.sql("INSERT INTO audit_event (occurred_at, actor, action, target, outcome, client_ip, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(NativeValues.timestamp(occurredAt), actor, action, target, outcome, clientAddress, detail)
                .update();
    }

    /** A page of the trail, newest first. */
    public List<AuditEventRow> newestFirst(int offset, int limit) {
        return jdbc.sql("SELECT id, occurred_at, actor, action, target, outcome, client_ip, detail FROM audit_event"
                        + " ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?")
                .params(limit, offset)
                .query((rs, row) -> new AuditEventRow(rs.getLong(1), NativeValues.instant(rs.getObject(2)),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8)))
                .list();
    }

    /** The detail of the newest event of {@code action} on {@code target}, if there is one. */
    public java.util.Optional<String> latestDetail(String action, String target) {
        return jdbc.sql("SELECT detail FROM audit_event WHERE action = ? AND target = ?"
                        + " ORDER BY occurred_at DESC, id DESC LIMIT 1")
                .params(action, target).query((rs, row) -> rs.getString(1)).optional();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event").query(Long.class).single();
    }
}
