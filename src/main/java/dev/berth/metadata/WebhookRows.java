package dev.berth.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** The {@code webhook} rows: subscriptions to events. */
@Component
public class WebhookRows {

    /** A subscription as stored; {@code secret} is sealed when key encryption is on. */
    public record WebhookRow(long id, String namespace, String url, String events, String repositoryPattern,
                             String tagPattern, String format, byte[] secret, boolean enabled, String createdBy,
                             Instant createdAt, Instant failingSince, String disabledReason) {

        /** Never prints the secret. */
        @Override
        public String toString() {
            return "WebhookRow[id=" + id + ", namespace=" + namespace + ", url=" + url + ", events=" + events
                    + ", format=" + format + ", enabled=" + enabled + ", secret=******]";
        }
    }

    /** What a new subscription is made of. */
    public record NewWebhook(String namespace, String url, String events, String repositoryPattern, String tagPattern,
                             String format, byte[] secret, boolean enabled, String createdBy) {

        @Override
        public String toString() {
            return "NewWebhook[namespace=" + namespace + ", url=" + url + ", events=" + events + ", secret=******]";
        }
    }

    private static final String COLUMNS = "id, namespace, url, events, repository_pattern, tag_pattern, format, secret,"
            + " enabled, created_by, created_at, failing_since, disabled_reason";

    private final JdbcClient jdbc;

    WebhookRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insert(NewWebhook webhook, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO webhook (namespace, url, events, repository_pattern, tag_pattern, format, secret,"
                        + " enabled, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(webhook.namespace(), webhook.url(), webhook.events(), webhook.repositoryPattern(),
                        webhook.tagPattern(), webhook.format(), webhook.secret(), webhook.enabled(),
                        webhook.createdBy(), NativeValues.timestamp(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public Optional<WebhookRow> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook WHERE id = ?").param(id).query(this::row).optional();
    }

    /** Subscriptions visible in a listing: all of them (namespace null) or one namespace's. */
    public List<WebhookRow> list(String namespace, boolean all) {
        if (all) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM webhook ORDER BY id").query(this::row).list();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook WHERE namespace = ? ORDER BY id").param(namespace)
                .query(this::row).list();
    }

    /** The enabled subscriptions that may want an event of {@code namespace}: its own and the global ones. */
    public List<WebhookRow> enabledFor(String namespace) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook WHERE enabled = TRUE AND (namespace IS NULL OR namespace = ?)"
                        + " ORDER BY id")
                .param(namespace).query(this::row).list();
    }

    /** Whether any enabled subscription asked for pulls (pull events cost a row each, so only then are they written). */
    public boolean anyWantsPulls() {
        return jdbc.sql("SELECT COUNT(*) FROM webhook WHERE enabled = TRUE AND events LIKE '%manifest.pulled%'")
                .query(Long.class).single() > 0;
    }

    public int update(long id, String url, String events, String repositoryPattern, String tagPattern, String format,
                      boolean enabled) {
        return jdbc.sql("UPDATE webhook SET url = ?, events = ?, repository_pattern = ?, tag_pattern = ?, format = ?,"
                        + " enabled = ?, failing_since = CASE WHEN ? THEN NULL ELSE failing_since END,"
                        + " disabled_reason = CASE WHEN ? THEN NULL ELSE disabled_reason END WHERE id = ?")
                .params(url, events, repositoryPattern, tagPattern, format, enabled, enabled, enabled, id).update();
    }

    public int delete(long id) {
        return jdbc.sql("DELETE FROM webhook WHERE id = ?").param(id).update();
    }

    /** A delivery succeeded: the subscription is healthy again. */
    public void succeeded(long id) {
        jdbc.sql("UPDATE webhook SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL").param(id).update();
    }

    /** A delivery failed: starts the failure streak unless one is running. */
    public void failed(long id, Instant now) {
        jdbc.sql("UPDATE webhook SET failing_since = ? WHERE id = ? AND failing_since IS NULL")
                .params(NativeValues.timestamp(now), id).update();
    }

    /** Disables the subscription if it has failed without a success since before {@code cutoff}; returns whether it did. */
    public boolean disableIfFailingSince(long id, Instant cutoff, String reason) {
        return jdbc.sql("UPDATE webhook SET enabled = FALSE, disabled_reason = ? WHERE id = ? AND enabled = TRUE"
                        + " AND failing_since < ?")
                .params(reason, id, NativeValues.timestamp(cutoff)).update() > 0;
    }

    private WebhookRow row(java.sql.ResultSet rs, int rowNumber) throws java.sql.SQLException {
        return new WebhookRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getBytes(8), rs.getBoolean(9), rs.getString(10),
                NativeValues.instant(rs.getObject(11)), NativeValues.instantOrNull(rs.getObject(12)), rs.getString(13));
    }
}
