package dev.berth.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The outbox of events and the deliveries made of them. Work is claimed with
 * {@code FOR UPDATE SKIP LOCKED} (PostgreSQL and H2 both have it), so replicas never wait for
 * each other's rows; a claimed delivery also carries a claim that expires, so one whose replica
 * died is sent by another.
 */
@Component
public class EventRows {

    /** An event as recorded with the change it describes. */
    public record EventRow(long id, String eventId, String type, String namespace, String repository, String tags,
                           Instant occurredAt, byte[] data) {
    }

    /** A delivery with what sending it needs. */
    public record DeliveryRow(long id, long webhookId, String deliveryKey, String state, int attempts,
                              Instant nextAttemptAt, Instant createdAt, Instant finishedAt, EventRow event) {
    }

    /** One attempt at a delivery. */
    public record AttemptRow(long deliveryId, Instant attemptedAt, Integer status, long durationMs, String error) {
    }

    private static final String EVENT_COLUMNS = "e.id, e.event_id, e.type, e.namespace, e.repository, e.tags,"
            + " e.occurred_at, e.data";
    private static final String DELIVERY_COLUMNS = "d.id, d.webhook_id, d.delivery_key, d.state, d.attempts,"
            + " d.next_attempt_at, d.created_at, d.finished_at, " + EVENT_COLUMNS;

    private final JdbcClient jdbc;

    EventRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- the outbox

    /** Records an event; {@code fannedOut} true when its deliveries are made by the caller (a test event). */
    public long insertEvent(String eventId, String type, String namespace, String repository, String tags,
                            Instant occurredAt, byte[] data, boolean fannedOut) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO event_outbox (event_id, type, namespace, repository, tags, occurred_at, data, fanned_out)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(eventId, type, namespace, repository, tags, NativeValues.timestamp(occurredAt), data, fannedOut)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** Locks the oldest events not fanned out yet, skipping those another replica is fanning out. */
    public List<EventRow> lockUnfanned(int limit) {
        return jdbc.sql("SELECT " + EVENT_COLUMNS + " FROM event_outbox e WHERE e.fanned_out = FALSE ORDER BY e.id"
                        + " LIMIT ? FOR UPDATE SKIP LOCKED")
                .param(limit).query((rs, row) -> event(rs, 1)).list();
    }

    public void markFannedOut(long eventRowId) {
        jdbc.sql("UPDATE event_outbox SET fanned_out = TRUE WHERE id = ?").param(eventRowId).update();
    }

    public int insertDelivery(long webhookId, long eventRowId, String deliveryKey, Instant now) {
        return jdbc.sql("INSERT INTO webhook_delivery (webhook_id, event_id, delivery_key, state, attempts,"
                        + " next_attempt_at, created_at) VALUES (?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT DO NOTHING")
                .params(webhookId, eventRowId, deliveryKey, NativeValues.timestamp(now), NativeValues.timestamp(now))
                .update();
    }

    // ---- deliveries

    /** A due delivery and the subscription it is for: what fair claiming chooses among. */
    public record DueDelivery(long id, long webhookId) {
    }

    /** The subscriptions with deliveries pending, due at {@code now} and unclaimed (or whose claim expired). */
    public List<Long> subscriptionsDue(Instant now) {
        return jdbc.sql("SELECT DISTINCT webhook_id FROM webhook_delivery WHERE state = 'pending' AND next_attempt_at <= ?"
                        + " AND (claimed_until IS NULL OR claimed_until < ?)")
                .params(NativeValues.timestamp(now), NativeValues.timestamp(now)).query(Long.class).list();
    }

    /**
     * Locks up to {@code limit} of one subscription's due, unclaimed deliveries, oldest first, for
     * the caller to {@link #claim} in the same transaction; rows other replicas have locked are skipped.
     */
    public List<DueDelivery> lockDue(long webhookId, Instant now, int limit) {
        return jdbc.sql("SELECT id, webhook_id FROM webhook_delivery WHERE webhook_id = ? AND state = 'pending'"
                        + " AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)"
                        + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")
                .params(webhookId, NativeValues.timestamp(now), NativeValues.timestamp(now), limit)
                .query((rs, row) -> new DueDelivery(rs.getLong(1), rs.getLong(2))).list();
    }

    /** Claims deliveries locked by {@link #lockDue} for {@code holder} until {@code until}. */
    public void claim(List<Long> ids, String holder, Instant until) {
        for (long id : ids) {
            jdbc.sql("UPDATE webhook_delivery SET claimed_by = ?, claimed_until = ? WHERE id = ?")
                    .params(holder, NativeValues.timestamp(until), id).update();
        }
    }

    public Optional<DeliveryRow> delivery(long id) {
        return jdbc.sql("SELECT " + DELIVERY_COLUMNS + " FROM webhook_delivery d JOIN event_outbox e ON e.id = d.event_id"
                        + " WHERE d.id = ?")
                .param(id).query(this::deliveryRow).optional();
    }

    /** A page of a subscription's deliveries, newest first. */
    public List<DeliveryRow> deliveries(long webhookId, int offset, int limit) {
        return jdbc.sql("SELECT " + DELIVERY_COLUMNS + " FROM webhook_delivery d JOIN event_outbox e ON e.id = d.event_id"
                        + " WHERE d.webhook_id = ? ORDER BY d.id DESC LIMIT ? OFFSET ?")
                .params(webhookId, limit, offset).query(this::deliveryRow).list();
    }

    public long countDeliveries(long webhookId) {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE webhook_id = ?").param(webhookId)
                .query(Long.class).single();
    }

    public List<AttemptRow> attempts(long deliveryId) {
        return jdbc.sql("SELECT delivery_id, attempted_at, status, duration_ms, error FROM webhook_attempt"
                        + " WHERE delivery_id = ? ORDER BY id")
                .param(deliveryId)
                .query((rs, row) -> new AttemptRow(rs.getLong(1), NativeValues.instant(rs.getObject(2)),
                        (Integer) rs.getObject(3, Integer.class), rs.getLong(4), rs.getString(5)))
                .list();
    }

    public void recordAttempt(long deliveryId, Instant at, Integer status, long durationMs, String error) {
        jdbc.sql("INSERT INTO webhook_attempt (delivery_id, attempted_at, status, duration_ms, error) VALUES (?, ?, ?, ?, ?)")
                .params(deliveryId, NativeValues.timestamp(at), status, durationMs,
                        error == null ? null : error.substring(0, Math.min(error.length(), 1000)))
                .update();
    }

    /** Ends a delivery ({@code delivered} or {@code failed}), if {@code holder} still holds its claim. */
    public int finish(long id, String holder, String state, int attempts, Instant now) {
        return jdbc.sql("UPDATE webhook_delivery SET state = ?, attempts = ?, finished_at = ?, claimed_by = NULL,"
                        + " claimed_until = NULL WHERE id = ? AND claimed_by = ?")
                .params(state, attempts, NativeValues.timestamp(now), id, holder).update();
    }

    /** Schedules the next attempt, if {@code holder} still holds the claim. */
    public int retryAt(long id, String holder, int attempts, Instant next) {
        return jdbc.sql("UPDATE webhook_delivery SET attempts = ?, next_attempt_at = ?, claimed_by = NULL,"
                        + " claimed_until = NULL WHERE id = ? AND claimed_by = ?")
                .params(attempts, NativeValues.timestamp(next), id, holder).update();
    }

    /** Sends a delivery again, whatever became of it: pending and due now, with the same delivery key. */
    public int redeliver(long id, Instant now) {
        return jdbc.sql("UPDATE webhook_delivery SET state = 'pending', next_attempt_at = ?, finished_at = NULL,"
                        + " claimed_by = NULL, claimed_until = NULL WHERE id = ?")
                .params(NativeValues.timestamp(now), id).update();
    }

    /** When the earliest pending delivery is due, if any: how long the worker may sleep. */
    public Optional<Instant> nextDue() {
        return jdbc.sql("SELECT MIN(next_attempt_at) FROM webhook_delivery WHERE state = 'pending'")
                .query((rs, row) -> NativeValues.instantOrNull(rs.getObject(1))).optional()
                .flatMap(Optional::ofNullable);
    }

    private DeliveryRow deliveryRow(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new DeliveryRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                NativeValues.instant(rs.getObject(6)), NativeValues.instant(rs.getObject(7)),
                NativeValues.instantOrNull(rs.getObject(8)), event(rs, 9));
    }

    private static EventRow event(java.sql.ResultSet rs, int first) throws java.sql.SQLException {
        return new EventRow(rs.getLong(first), rs.getString(first + 1), rs.getString(first + 2),
                rs.getString(first + 3), rs.getString(first + 4), rs.getString(first + 5),
                NativeValues.instant(rs.getObject(first + 6)), rs.getBytes(first + 7));
    }
}
