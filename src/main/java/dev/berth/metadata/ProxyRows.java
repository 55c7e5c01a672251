package dev.berth.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;

/** What the pull-through cache keeps beside the usual rows: fetch leases, tag revalidation, last pulls. */
@Component
public class ProxyRows {

    /** A cached tag: the manifest it names and when the upstream last confirmed it (null: never). */
    public record CachedTag(long repositoryId, Digest digest, Instant revalidatedAt) {
    }

    /** A manifest of a cached namespace, for eviction: when it was last used, and what it lists. */
    public record CachedManifest(long id, long repositoryId, Digest digest, Instant lastUsed, boolean tagged) {
    }

    /** A reference from a manifest to a blob or child manifest, with the blob's size when it is a stored blob. */
    public record CachedReference(long manifestId, Digest digest, String kind, Long blobSize) {
    }

    private final JdbcClient jdbc;

    ProxyRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- fetch leases

    /** Takes the lease on {@code key}: a new one, or one whose holder let it expire. */
    public boolean acquireLease(String key, String holder, Instant until, Instant now) {
        int inserted = jdbc.sql("INSERT INTO proxy_fetch (fetch_key, holder, expires_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(key, holder, NativeValues.timestamp(until)).update();
        if (inserted > 0) {
            return true;
        }
        return jdbc.sql("UPDATE proxy_fetch SET holder = ?, expires_at = ? WHERE fetch_key = ? AND expires_at < ?")
                .params(holder, NativeValues.timestamp(until), key, NativeValues.timestamp(now)).update() > 0;
    }

    public boolean renewLease(String key, String holder, Instant until) {
        return jdbc.sql("UPDATE proxy_fetch SET expires_at = ? WHERE fetch_key = ? AND holder = ?")
                .params(NativeValues.timestamp(until), key, holder).update() > 0;
    }

    public void releaseLease(String key, String holder) {
        jdbc.sql("DELETE FROM proxy_fetch WHERE fetch_key = ? AND holder = ?").params(key, holder).update();
    }

    /** Whether someone holds an unexpired lease on {@code key}. */
    public boolean leaseHeld(String key, Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM proxy_fetch WHERE fetch_key = ? AND expires_at >= ?")
                .params(key, NativeValues.timestamp(now)).query(Long.class).single() > 0;
    }

    // ---- tags

    public Optional<CachedTag> cachedTag(RepositoryName repository, Tag tag) {
        return jdbc.sql("SELECT t.repository_id, m.digest, t.revalidated_at FROM tag t"
                        + " JOIN repository r ON r.id = t.repository_id JOIN manifest m ON m.id = t.manifest_id"
                        + " WHERE r.name = ? AND t.name = ?")
                .params(repository.value(), tag.value())
                .query((rs, row) -> new CachedTag(rs.getLong(1), Digest.parse(rs.getString(2)),
                        NativeValues.instantOrNull(rs.getObject(3))))
                .optional();
    }

    public int markRevalidated(long repositoryId, Tag tag, Instant now) {
        return jdbc.sql("UPDATE tag SET revalidated_at = ? WHERE repository_id = ? AND name = ?")
                .params(NativeValues.timestamp(now), repositoryId, tag.value()).update();
    }

    // ---- last pulls, written in batches

    /** A manifest's last pull as one replica saw it. */
    public record Pull(RepositoryName repository, Digest digest, Instant at) {
    }

    /** Records the pulls, never moving a time backwards (another replica may have written a later one). */
    public void recordPulls(List<Pull> pulls) {
        for (Pull pull : pulls) {
            jdbc.sql("UPDATE manifest SET last_pulled_at = ? WHERE digest = ? AND (last_pulled_at IS NULL"
                            + " OR last_pulled_at < ?) AND repository_id = (SELECT id FROM repository WHERE name = ?)")
                    .params(NativeValues.timestamp(pull.at()), pull.digest().toString(),
                            NativeValues.timestamp(pull.at()), pull.repository().value())
                    .update();
        }
    }

    // ---- eviction

    /** Every manifest of the namespace's repositories, with its last use (last pull, else when cached). */
    public List<CachedManifest> manifestsIn(String namespace) {
        return jdbc.sql("SELECT m.id, m.repository_id, m.digest, COALESCE(m.last_pulled_at, m.created_at),"
                        + " EXISTS (SELECT 1 FROM tag t WHERE t.manifest_id = m.id)"
                        + " FROM manifest m JOIN repository r ON r.id = m.repository_id"
                        + " WHERE r.name LIKE ? ESCAPE '!'")
                .param(NativeValues.inNamespace(namespace))
                .query((rs, row) -> new CachedManifest(rs.getLong(1), rs.getLong(2), Digest.parse(rs.getString(3)),
                        NativeValues.instant(rs.getObject(4)), rs.getBoolean(5)))
                .list();
    }

    /** What the namespace's manifests reference, with blob sizes where the blob is stored. */
    public List<CachedReference> referencesIn(String namespace) {
        return jdbc.sql("SELECT mr.manifest_id, mr.digest, mr.kind, b.size FROM manifest_reference mr"
                        + " JOIN manifest m ON m.id = mr.manifest_id JOIN repository r ON r.id = m.repository_id"
                        + " LEFT JOIN blob b ON b.digest = mr.digest WHERE r.name LIKE ? ESCAPE '!'")
                .param(NativeValues.inNamespace(namespace))
                .query((rs, row) -> new CachedReference(rs.getLong(1), Digest.parse(rs.getString(2)), rs.getString(3),
                        (Long) rs.getObject(4, Long.class)))
                .list();
    }

    /**
     * Removes a cached manifest if it was last used before {@code usedBefore} (not pulled since it
     * was chosen), with its tags; then unlinks the repository's blobs no manifest there references
     * any more, so the namespace's usage drops now and garbage collection frees the bytes.
     * Returns whether it was removed.
     */
    public boolean evict(long manifestId, Instant usedBefore) {
        int deleted = jdbc.sql("DELETE FROM manifest WHERE id = ? AND COALESCE(last_pulled_at, created_at) < ?")
                .params(manifestId, NativeValues.timestamp(usedBefore)).update();
        return deleted > 0;
    }

    public int unlinkUnreferenced(long repositoryId) {
        return jdbc.sql("DELETE FROM repository_blob WHERE repository_id = ? AND NOT EXISTS (SELECT 1 FROM"
                        + " manifest_reference mr JOIN manifest m ON m.id = mr.manifest_id"
                        + " WHERE m.repository_id = ? AND mr.digest = repository_blob.digest)")
                .params(repositoryId, repositoryId).update();
    }

    // ---- names

    /** Whether a Berth namespace of that name exists (or a user owns it by name). */
    public boolean namespaceExists(String name) {
        return jdbc.sql("SELECT (SELECT COUNT(*) FROM namespace WHERE name = ?)"
                        + " + (SELECT COUNT(*) FROM users WHERE username = ?)")
                .params(name, name).query(Long.class).single() > 0;
    }
}
