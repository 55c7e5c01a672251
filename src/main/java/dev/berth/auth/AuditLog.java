package dev.berth.auth;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.metadata.AuditEventRows;

/**
 * The audit trail: logins, token creation and revocation, denials, pushes and deletes; who, what,
 * when, from where. Kept in the database (readable through the admin API) and written to the
 * {@code berth.audit} logger. Never holds a secret: callers pass names and ids only.
 */
@Service
public class AuditLog {

    /** The MDC key the web layer puts the client's address under, so every event knows where it came from. */
    public static final String CLIENT_ADDRESS = "client.address";

    private static final Logger log = LoggerFactory.getLogger("berth.audit");

    public enum Outcome { SUCCESS, FAILURE, DENIED }

    private final AuditEventRows rows;
    private final Clock clock;

    AuditLog(AuditEventRows rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    /**
     * Records an event in a transaction of its own, so a denial is kept even when the request's
     * work rolls back.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(String actor, String action, String target, Outcome outcome, String detail) {
        String client = MDC.get(CLIENT_ADDRESS);
        log.info("audit actor={} action={} target={} outcome={} client={}{}", actor, action, target, outcome,
                client, detail == null ? "" : " detail=" + detail);
        rows.insert(clock.instant(), truncate(actor, 64), action, truncate(target, 512), outcome.name(),
                truncate(client, 64), truncate(detail, 1024));
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
