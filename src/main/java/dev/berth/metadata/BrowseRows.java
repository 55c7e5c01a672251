package dev.berth.metadata;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;

/**
 * The read-only queries of the browse API. Each returns a whole page's worth in one statement, so
 * a page costs the same few queries however many tags it shows.
 */
@Component
public class BrowseRows {

    /** What the browse API shows of a repository, read in one query with the others. */
    public record RepositoryStats(long id, RepositoryName name, Instant createdAt, long tagCount, long manifestBytes,
                                  Instant lastTaggedAt, Instant lastManifestAt) {
    }

    /** A tag with the manifest it names, payload included (manifests are small; indexes list their platforms). */
    public record TagRow(String name, Instant updatedAt, long manifestId, Digest digest, String mediaType,
                         String artifactType, long size, byte[] payload, Instant revalidatedAt) {
    }

    /** A manifest whose subject is {@code subject}. */
    public record ReferrerRow(Digest subject, Digest digest, String mediaType, String artifactType, long size) {
    }

    /** The order of a tag page. */
    public enum TagOrder { NAME, PUSHED }

    private final JdbcClient jdbc;

    BrowseRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Repositories whose name contains {@code query} (everything when empty), by name. */
    public List<RepositoryStats> repositories(String query) {
        return jdbc.sql("SELECT r.id, r.name, r.created_at,"
                        + " (SELECT COUNT(*) FROM tag t WHERE t.repository_id = r.id),"
                        + " (SELECT COALESCE(SUM(m.size), 0) FROM manifest m WHERE m.repository_id = r.id),"
                        + " (SELECT MAX(t.updated_at) FROM tag t WHERE t.repository_id = r.id),"
                        + " (SELECT MAX(m.created_at) FROM manifest m WHERE m.repository_id = r.id)"
                        + " FROM repository r WHERE r.name LIKE ? ESCAPE '!' ORDER BY r.name")
                .param(NativeValues.containing(query))
                .query((rs, row) -> new RepositoryStats(rs.getLong(1), RepositoryName.of(rs.getString(2)),
                        NativeValues.instant(rs.getObject(3)), rs.getLong(4), rs.getLong(5),
                        NativeValues.instantOrNull(rs.getObject(6)), NativeValues.instantOrNull(rs.getObject(7))))
                .list();
    }

    /** Per repository id: the bytes of the blobs linked to it, each counted once. */
    public Map<Long, Long> blobBytes(Collection<Long> ids) {
        return sums("SELECT rb.repository_id, SUM(b.size) FROM repository_blob rb JOIN blob b ON b.digest = rb.digest"
                + " WHERE rb.repository_id IN (:ids) GROUP BY rb.repository_id", ids);
    }

    /**
     * Per repository id: the bytes its manifests reference (config and layers), counted once per
     * manifest that references them: what the repository would weigh with nothing shared.
     */
    public Map<Long, Long> referencedBytes(Collection<Long> ids) {
        return sums("SELECT m.repository_id, SUM(b.size) FROM manifest m JOIN manifest_reference mr"
                + " ON mr.manifest_id = m.id JOIN blob b ON b.digest = mr.digest"
                + " WHERE m.repository_id IN (:ids) AND mr.kind IN ('config', 'layer') GROUP BY m.repository_id", ids);
    }

    /** The repository's tags whose name contains {@code query}. */
    public long countTags(long repositoryId, String query) {
        return jdbc.sql("SELECT COUNT(*) FROM tag WHERE repository_id = ? AND name LIKE ? ESCAPE '!'")
                .params(repositoryId, NativeValues.containing(query)).query(Long.class).single();
    }

    /** A page of the repository's tags whose name contains {@code query}, with their manifests. */
    public List<TagRow> tags(long repositoryId, String query, TagOrder order, int offset, int limit) {
        String orderBy = order == TagOrder.PUSHED ? "t.updated_at DESC, t.name ASC" : "t.name ASC";
        return jdbc.sql("SELECT t.name, t.updated_at, m.id, m.digest, m.media_type, m.artifact_type, m.size, m.payload,"
                        + " t.revalidated_at FROM tag t JOIN manifest m ON m.id = t.manifest_id"
                        + " WHERE t.repository_id = ? AND t.name LIKE ? ESCAPE '!' ORDER BY " + orderBy
                        + " LIMIT ? OFFSET ?")
                .params(repositoryId, NativeValues.containing(query), limit, offset)
                .query((rs, row) -> new TagRow(rs.getString(1), NativeValues.instant(rs.getObject(2)), rs.getLong(3),
                        Digest.parse(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getBytes(8),
                        NativeValues.instantOrNull(rs.getObject(9))))
                .list();
    }

    /** The manifests of the repository whose subject is one of {@code subjects}, by digest. */
    public List<ReferrerRow> referrers(long repositoryId, Collection<Digest> subjects) {
        return jdbc.sql("SELECT subject_digest, digest, media_type, artifact_type, size FROM manifest"
                        + " WHERE repository_id = :repositoryId AND subject_digest IN (:subjects) ORDER BY digest")
                .param("repositoryId", repositoryId).param("subjects", NativeValues.strings(subjects))
                .query((rs, row) -> new ReferrerRow(Digest.parse(rs.getString(1)), Digest.parse(rs.getString(2)),
                        rs.getString(3), rs.getString(4), rs.getLong(5)))
                .list();
    }

    private Map<Long, Long> sums(String sql, Collection<Long> ids) {
        Map<Long, Long> sums = new HashMap<>();
        if (ids.isEmpty()) {
            return sums;
        }
        jdbc.sql(sql).param("ids", ids).query((rs, row) -> sums.put(rs.getLong(1), rs.getLong(2))).list();
        return sums;
    }
}
