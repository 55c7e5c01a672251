package dev.berth.metadata;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a manifest push writes: the {@code manifest} row, its {@code manifest_reference} rows, and
 * the locks that keep what it points at from a collector; in plain JDBC, as every image push runs
 * these (see {@link UploadRows} for why not Hibernate). Reading manifests stays with
 * {@link ManifestEntityRepository}.
 */
@Component
public class ManifestRows {

    private final JdbcClient jdbc;

    ManifestRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public int insertIfAbsent(long repositoryId, String digest, String mediaType, String artifactType,
                              String subjectDigest, String annotations, byte[] payload, Instant now) {
        return jdbc.sql("INSERT INTO manifest (repository_id, digest, media_type, artifact_type, subject_digest,"
                        + " annotations, payload, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(repositoryId, digest, mediaType, artifactType, subjectDigest, annotations, payload,
                        (long) payload.length, NativeValues.timestamp(now))
                .update();
    }

    /** The manifest's id, its row locked until the transaction ends. */
    public Optional<Long> lockId(long repositoryId, String digest) {
        return jdbc.sql("SELECT id FROM manifest WHERE repository_id = ? AND digest = ? FOR UPDATE")
                .params(repositoryId, digest)
                .query(Long.class).optional();
    }

    /** The digests present, their rows locked so a collector cannot delete them before the caller commits. */
    public List<String> lockPresentDigests(long repositoryId, Collection<String> digests) {
        return jdbc.sql("SELECT digest FROM manifest WHERE repository_id = :repositoryId AND digest IN (:digests)"
                        + " FOR UPDATE")
                .param("repositoryId", repositoryId)
                .param("digests", digests)
                .query(String.class).list();
    }

    /** Records that the manifest points at {@code digest} as its {@code kind} (config, layer, child, subject). */
    public int insertReference(long manifestId, String digest, String kind) {
        return jdbc.sql("INSERT INTO manifest_reference (manifest_id, digest, kind) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(manifestId, digest, kind)
                .update();
    }
}
