package dev.berth.metadata;

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

/**
 * The {@code blob} rows and their links to repositories. Inside a transaction the statements run
 * on its connection, so the locks taken here hold until it ends.
 */
@Component
public class BlobRows {

    private final JdbcClient jdbc;

    BlobRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public int insertIfAbsent(Digest digest, long size, Instant now) {
        return jdbc.sql("INSERT INTO blob (digest, size, created_at, touched_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(digest.toString(), size, NativeValues.timestamp(now), NativeValues.timestamp(now))
                .update();
    }

    /** Marks the blob as about to be relied on; locks its row until the transaction ends. */
    public int touch(Digest digest, Instant now) {
        return jdbc.sql("UPDATE blob SET touched_at = ? WHERE digest = ?")
                .params(NativeValues.timestamp(now), digest.toString())
                .update();
    }

    /** Waits for a collector deleting the blob, then says whether it is still there. */
    public boolean lock(Digest digest) {
        return jdbc.sql("SELECT digest FROM blob WHERE digest = ? FOR UPDATE").param(digest.toString())
                .query(String.class).optional().isPresent();
    }

    /** Which of {@code digests} the repository links, locking those links until the transaction ends. */
    public Set<Digest> lockLinked(long repositoryId, Collection<Digest> digests) {
        return jdbc.sql("SELECT digest FROM repository_blob WHERE repository_id = :repositoryId"
                        + " AND digest IN (:digests) FOR UPDATE")
                .param("repositoryId", repositoryId)
                .param("digests", NativeValues.strings(digests))
                .query((rs, row) -> Digest.parse(rs.getString(1))).list().stream().collect(Collectors.toSet());
    }

    public int link(long repositoryId, Digest digest, Instant now) {
        return jdbc.sql("INSERT INTO repository_blob (repository_id, digest, created_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(repositoryId, digest.toString(), NativeValues.timestamp(now))
                .update();
    }

    public int unlink(long repositoryId, Digest digest) {
        return jdbc.sql("DELETE FROM repository_blob WHERE repository_id = ? AND digest = ?")
                .params(repositoryId, digest.toString())
                .update();
    }

    /** Up to {@code limit} repositories that link {@code digest}, by name. */
    public List<RepositoryName> linkingRepositories(Digest digest, int limit) {
        return jdbc.sql("SELECT r.name FROM repository_blob rb JOIN repository r ON r.id = rb.repository_id"
                        + " WHERE rb.digest = ? ORDER BY r.name LIMIT ?")
                .params(digest.toString(), limit)
                .query((rs, row) -> RepositoryName.of(rs.getString(1))).list();
    }

    /** The size of {@code digest} when it is linked to the named repository. */
    public Optional<Long> linkedSize(RepositoryName repository, Digest digest) {
        return jdbc.sql("SELECT b.size FROM blob b JOIN repository_blob rb ON rb.digest = b.digest"
                        + " JOIN repository r ON r.id = rb.repository_id WHERE r.name = ? AND b.digest = ?")
                .params(repository.value(), digest.toString())
                .query(Long.class).optional();
    }
}
