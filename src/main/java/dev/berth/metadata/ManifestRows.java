package dev.berth.metadata;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.oci.Tag;

/**
 * The {@code manifest} rows and their {@code manifest_reference} rows: what a push writes (and the
 * locks that keep what it points at from a collector), and what a pull reads, in one query each.
 */
@Component
public class ManifestRows {

    /** What a manifest {@code HEAD} needs, without the payload. */
    public record ManifestHead(Digest digest, String mediaType, long size) {
    }

    /** A manifest with its payload, read in one query for {@code GET}. */
    public record ManifestRow(long id, Digest digest, String mediaType, long size, byte[] payload) {
    }

    /** A manifest as pushed: what its row records besides the repository and the time. */
    public record NewManifest(Digest digest, String mediaType, String artifactType, Digest subject,
                              String annotations, byte[] payload) {
    }

    /** A manifest whose {@code subject} names another, as the referrers API lists it. */
    public record Referrer(Digest digest, String mediaType, long size, String artifactType, String annotations) {
    }

    private static final String ROW = "m.id, m.digest, m.media_type, m.size, m.payload";
    private static final String HEAD = "m.digest, m.media_type, m.size";

    private final JdbcClient jdbc;

    ManifestRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public int insertIfAbsent(long repositoryId, NewManifest manifest, Instant now) {
        return jdbc.sql("INSERT INTO manifest (repository_id, digest, media_type, artifact_type, subject_digest,"
                        + " annotations, payload, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(repositoryId, manifest.digest().toString(), manifest.mediaType(), manifest.artifactType(),
                        manifest.subject() == null ? null : manifest.subject().toString(), manifest.annotations(),
                        manifest.payload(), (long) manifest.payload().length, NativeValues.timestamp(now))
                .update();
    }

    /** The manifest's id, its row locked until the transaction ends. */
    public Optional<Long> lockId(long repositoryId, Digest digest) {
        return jdbc.sql("SELECT id FROM manifest WHERE repository_id = ? AND digest = ? FOR UPDATE")
                .params(repositoryId, digest.toString())
                .query(Long.class).optional();
    }

    /** The digests present, their rows locked so a collector cannot delete them before the caller commits. */
    public Set<Digest> lockPresent(long repositoryId, Collection<Digest> digests) {
        return jdbc.sql("SELECT digest FROM manifest WHERE repository_id = :repositoryId AND digest IN (:digests)"
                        + " FOR UPDATE")
                .param("repositoryId", repositoryId)
                .param("digests", NativeValues.strings(digests))
                .query((rs, row) -> Digest.parse(rs.getString(1))).list().stream().collect(Collectors.toSet());
    }

    /** Records that the manifest points at {@code digest} as its {@code kind}. */
    public int insertReference(long manifestId, Digest digest, ReferenceKind kind) {
        return jdbc.sql("INSERT INTO manifest_reference (manifest_id, digest, kind) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(manifestId, digest.toString(), kind.column())
                .update();
    }

    public Optional<Long> findId(long repositoryId, Digest digest) {
        return jdbc.sql("SELECT id FROM manifest WHERE repository_id = ? AND digest = ?")
                .params(repositoryId, digest.toString()).query(Long.class).optional();
    }

    public Optional<ManifestHead> head(RepositoryName repository, Digest digest) {
        return jdbc.sql("SELECT " + HEAD + " FROM manifest m JOIN repository r ON r.id = m.repository_id"
                        + " WHERE r.name = ? AND m.digest = ?")
                .params(repository.value(), digest.toString()).query(ManifestRows::head).optional();
    }

    public Optional<ManifestHead> head(RepositoryName repository, Tag tag) {
        return jdbc.sql("SELECT " + HEAD + " FROM manifest m JOIN tag t ON t.manifest_id = m.id"
                        + " JOIN repository r ON r.id = t.repository_id WHERE r.name = ? AND t.name = ?")
                .params(repository.value(), tag.value()).query(ManifestRows::head).optional();
    }

    public Optional<ManifestRow> find(RepositoryName repository, Digest digest) {
        return jdbc.sql("SELECT " + ROW + " FROM manifest m JOIN repository r ON r.id = m.repository_id"
                        + " WHERE r.name = ? AND m.digest = ?")
                .params(repository.value(), digest.toString()).query(ManifestRows::row).optional();
    }

    public Optional<ManifestRow> find(RepositoryName repository, Tag tag) {
        return jdbc.sql("SELECT " + ROW + " FROM manifest m JOIN tag t ON t.manifest_id = m.id"
                        + " JOIN repository r ON r.id = t.repository_id WHERE r.name = ? AND t.name = ?")
                .params(repository.value(), tag.value()).query(ManifestRows::row).optional();
    }

    public Optional<ManifestRow> find(long id) {
        return jdbc.sql("SELECT " + ROW + " FROM manifest m WHERE m.id = ?").param(id)
                .query(ManifestRows::row).optional();
    }

    /** Manifests of the repository by digest (the children of indexes). */
    public List<ManifestRow> find(long repositoryId, Collection<Digest> digests) {
        return jdbc.sql("SELECT " + ROW + " FROM manifest m WHERE m.repository_id = :repositoryId"
                        + " AND m.digest IN (:digests)")
                .param("repositoryId", repositoryId).param("digests", NativeValues.strings(digests))
                .query(ManifestRows::row).list();
    }

    /** Manifests of the repository whose subject is {@code subject}, in digest order. */
    public List<Referrer> referrers(long repositoryId, Digest subject) {
        return jdbc.sql("SELECT digest, media_type, size, artifact_type, annotations FROM manifest"
                        + " WHERE repository_id = ? AND subject_digest = ? ORDER BY digest")
                .params(repositoryId, subject.toString())
                .query((rs, row) -> new Referrer(Digest.parse(rs.getString(1)), rs.getString(2), rs.getLong(3),
                        rs.getString(4), rs.getString(5)))
                .list();
    }

    /** Removes the manifest; its references and the tags naming it go with it (foreign keys cascade). */
    public int delete(long id) {
        return jdbc.sql("DELETE FROM manifest WHERE id = ?").param(id).update();
    }

    private static ManifestHead head(ResultSet rs, int rowNumber) throws SQLException {
        return new ManifestHead(Digest.parse(rs.getString(1)), rs.getString(2), rs.getLong(3));
    }

    static ManifestRow row(ResultSet rs, int rowNumber) throws SQLException {
        return new ManifestRow(rs.getLong(1), Digest.parse(rs.getString(2)), rs.getString(3), rs.getLong(4),
                rs.getBytes(5));
    }
}
