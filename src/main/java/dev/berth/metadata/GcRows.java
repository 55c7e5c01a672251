package dev.berth.metadata;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.berth.oci.Digest;

/**
 * The garbage collector's reads and its guarded deletes. Every delete is preceded by a locking read
 * and a re-check in the same transaction, since a push may have started relying on the row since
 * the collector planned to remove it.
 */
@Component
public class GcRows {

    /** A manifest as the mark phase sees it: what refers to it goes by {@code subject}. */
    public record ManifestNode(long id, Digest digest, Instant createdAt, Digest subject) {
    }

    /** What a manifest points at. */
    public record ManifestReference(long manifestId, Digest digest, ReferenceKind kind) {
    }

    /** A repository's link to a blob, and since when. */
    public record BlobLink(Digest digest, Instant linkedAt) {
    }

    /** A blob and its size. */
    public record BlobSize(Digest digest, long size) {
    }

    /** One collection, as recorded. */
    public record GcRun(Instant startedAt, Instant finishedAt, boolean dryRun, String trigger, long tagsDeleted,
                        long manifestsDeleted, long linksDeleted, long blobsDeleted, long bytesFreed,
                        long uploadsPurged) {
    }

    private final JdbcClient jdbc;

    GcRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Long> repositoryIds() {
        return jdbc.sql("SELECT id FROM repository ORDER BY id").query(Long.class).list();
    }

    public List<ManifestNode> manifests(long repositoryId) {
        return jdbc.sql("SELECT id, digest, created_at, subject_digest FROM manifest WHERE repository_id = ?")
                .param(repositoryId)
                .query((rs, row) -> new ManifestNode(rs.getLong(1), Digest.parse(rs.getString(2)),
                        NativeValues.instant(rs.getObject(3)),
                        rs.getString(4) == null ? null : Digest.parse(rs.getString(4))))
                .list();
    }

    public List<Long> taggedManifestIds(long repositoryId) {
        return jdbc.sql("SELECT DISTINCT manifest_id FROM tag WHERE repository_id = ?").param(repositoryId)
                .query(Long.class).list();
    }

    /** What the repository's manifests point at. */
    public List<ManifestReference> references(long repositoryId) {
        return jdbc.sql("SELECT mr.manifest_id, mr.digest, mr.kind FROM manifest_reference mr"
                        + " JOIN manifest m ON m.id = mr.manifest_id WHERE m.repository_id = ?")
                .param(repositoryId)
                .query((rs, row) -> new ManifestReference(rs.getLong(1), Digest.parse(rs.getString(2)),
                        ReferenceKind.of(rs.getString(3))))
                .list();
    }

    public List<BlobLink> links(long repositoryId) {
        return jdbc.sql("SELECT digest, created_at FROM repository_blob WHERE repository_id = ?").param(repositoryId)
                .query((rs, row) -> new BlobLink(Digest.parse(rs.getString(1)), NativeValues.instant(rs.getObject(2))))
                .list();
    }

    public List<BlobSize> blobsTouchedBefore(Instant cutoff) {
        return jdbc.sql("SELECT digest, size FROM blob WHERE touched_at < ?").param(NativeValues.timestamp(cutoff))
                .query((rs, row) -> new BlobSize(Digest.parse(rs.getString(1)), rs.getLong(2))).list();
    }

    public Set<Digest> linkedDigests() {
        return new HashSet<>(jdbc.sql("SELECT DISTINCT digest FROM repository_blob")
                .query((rs, row) -> Digest.parse(rs.getString(1))).list());
    }

    // ---- guarded deletes: lock, re-check, delete, all in the caller's transaction

    public boolean lockManifest(long id) {
        return jdbc.sql("SELECT id FROM manifest WHERE id = ? FOR UPDATE").param(id).query(Long.class).optional()
                .isPresent();
    }

    /** Whether anything keeps the manifest: a tag, or an index of its repository listing it. */
    public boolean manifestKept(long id, long repositoryId, Digest digest) {
        return jdbc.sql("SELECT (SELECT COUNT(*) FROM tag WHERE manifest_id = ?)"
                        + " + (SELECT COUNT(*) FROM manifest_reference mr JOIN manifest m ON m.id = mr.manifest_id"
                        + " WHERE m.repository_id = ? AND mr.kind = 'child' AND mr.digest = ?)")
                .params(id, repositoryId, digest.toString()).query(Long.class).single() > 0;
    }

    public int deleteManifest(long id) {
        return jdbc.sql("DELETE FROM manifest WHERE id = ?").param(id).update();
    }

    public boolean lockLink(long repositoryId, Digest digest, Instant cutoff) {
        return jdbc.sql("SELECT digest FROM repository_blob WHERE repository_id = ? AND digest = ?"
                        + " AND created_at < ? FOR UPDATE")
                .params(repositoryId, digest.toString(), NativeValues.timestamp(cutoff))
                .query(String.class).optional().isPresent();
    }

    /** Whether a manifest of the repository points at the digest. */
    public boolean linkReferenced(long repositoryId, Digest digest) {
        return jdbc.sql("SELECT COUNT(*) FROM manifest_reference mr JOIN manifest m ON m.id = mr.manifest_id"
                        + " WHERE m.repository_id = ? AND mr.digest = ?")
                .params(repositoryId, digest.toString()).query(Long.class).single() > 0;
    }

    public int deleteLink(long repositoryId, Digest digest) {
        return jdbc.sql("DELETE FROM repository_blob WHERE repository_id = ? AND digest = ?")
                .params(repositoryId, digest.toString()).update();
    }

    public boolean lockBlob(Digest digest, Instant cutoff) {
        return jdbc.sql("SELECT size FROM blob WHERE digest = ? AND touched_at < ? FOR UPDATE")
                .params(digest.toString(), NativeValues.timestamp(cutoff)).query(Long.class).optional().isPresent();
    }

    public boolean blobLinked(Digest digest) {
        return jdbc.sql("SELECT COUNT(*) FROM repository_blob WHERE digest = ?").param(digest.toString())
                .query(Long.class).single() > 0;
    }

    public int deleteBlob(Digest digest) {
        return jdbc.sql("DELETE FROM blob WHERE digest = ?").param(digest.toString()).update();
    }

    // ---- one collector at a time

    public int acquire(String holder, Instant now, Instant until) {
        return jdbc.sql("UPDATE gc_lock SET holder = ?, locked_until = ?"
                        + " WHERE name = 'gc' AND (locked_until < ? OR holder = ?)")
                .params(holder, NativeValues.timestamp(until), NativeValues.timestamp(now), holder).update();
    }

    public int release(String holder, Instant now) {
        return jdbc.sql("UPDATE gc_lock SET holder = NULL, locked_until = ? WHERE name = 'gc' AND holder = ?")
                .params(NativeValues.timestamp(now), holder).update();
    }

    public int record(GcRun run) {
        return jdbc.sql("INSERT INTO gc_run (started_at, finished_at, dry_run, trigger_source, tags_deleted,"
                        + " manifests_deleted, links_deleted, blobs_deleted, bytes_freed, uploads_purged)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(NativeValues.timestamp(run.startedAt()), NativeValues.timestamp(run.finishedAt()), run.dryRun(),
                        run.trigger(), run.tagsDeleted(), run.manifestsDeleted(), run.linksDeleted(),
                        run.blobsDeleted(), run.bytesFreed(), run.uploadsPurged())
                .update();
    }

    /** The latest runs, newest first. */
    public List<GcRun> recent(int limit) {
        return jdbc.sql("SELECT started_at, finished_at, dry_run, trigger_source, tags_deleted, manifests_deleted,"
                        + " links_deleted, blobs_deleted, bytes_freed, uploads_purged FROM gc_run ORDER BY id DESC LIMIT ?")
                .param(limit)
                .query((rs, row) -> new GcRun(NativeValues.instant(rs.getObject(1)), NativeValues.instant(rs.getObject(2)),
                        rs.getBoolean(3), rs.getString(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                        rs.getLong(9), rs.getLong(10)))
                .list();
    }
}
