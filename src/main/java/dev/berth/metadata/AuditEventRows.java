package dev.berth.metadata;

import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends to the audit trail in plain JDBC: every manifest push writes a line, and persisting an
 * entity through Hibernate for it cost more than the push's other statements together (JFR over
 * 100 parallel image pushes). Reading the trail stays with {@link AuditEventEntityRepository}.
 */
@Component
public class AuditEventRows {

    private final JdbcClient jdbc;

    AuditEventRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Instant occurredAt, String actor, String action, String target, String outcome,
                       String clientIp, String detail) {
        jdbc.sql("INSERT INTO audit_event (occurred_at, actor, action, target, outcome, client_ip, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(NativeValues.timestamp(occurredAt), actor, action, target, outcome, clientIp, detail)
                .update();
    }
}
