package dev.berth.metadata;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code blob} rows and their links to repositories, in plain JDBC: every layer a client
 * pushes or probes runs several of these (see {@link UploadRows} for why not Hibernate). Inside a
 * transaction the statements run on its connection, so the locks taken here hold until it ends.
 */
@Component
public class BlobRows {

    private final JdbcClient jdbc;

    BlobRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public int insertIfAbsent(String digest, long size, Instant now) {
        return jdbc.sql("INSERT INTO blob (digest, size, created_at, touched_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(digest, size, NativeValues.timestamp(now), NativeValues.timestamp(now))
                .update();
    }

    /** Marks the blob as about to be relied on; locks its row until the transaction ends. */
    public int touch(String digest, Instant now) {
        return jdbc.sql("UPDATE blob SET touched_at = ? WHERE digest = ?")
                .params(NativeValues.timestamp(now), digest)
                .update();
    }

    /** Waits for a collector deleting the blob, then says whether it is still there. */
    public boolean lock(String digest) {
        return jdbc.sql("SELECT digest FROM blob WHERE digest = ? FOR UPDATE").param(digest)
                .query(String.class).optional().isPresent();
    }

    /** Which of {@code digests} the repository links, locking those links until the transaction ends. */
    public List<String> lockLinked(long repositoryId, Collection<String> digests) {
        return jdbc.sql("SELECT digest FROM repository_blob WHERE repository_id = :repositoryId"
                        + " AND digest IN (:digests) FOR UPDATE")
                .param("repositoryId", repositoryId)
                .param("digests", digests)
                .query(String.class).list();
    }

    public int link(long repositoryId, String digest, Instant now) {
        return jdbc.sql("INSERT INTO repository_blob (repository_id, digest, created_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")
                .params(repositoryId, digest, NativeValues.timestamp(now))
                .update();
    }

    public int unlink(long repositoryId, String digest) {
        return jdbc.sql("DELETE FROM repository_blob WHERE repository_id = ? AND digest = ?")
                .params(repositoryId, digest)
                .update();
    }

    /** Up to {@code limit} repositories that link {@code digest}, by name. */
    public List<String> linkingRepositories(String digest, int limit) {
        return jdbc.sql("SELECT r.name FROM repository_blob rb JOIN repository r ON r.id = rb.repository_id"
                        + " WHERE rb.digest = ? ORDER BY r.name LIMIT ?")
                .params(digest, limit)
                .query(String.class).list();
    }

    /** The size of {@code digest} when it is linked to the named repository. */
    public Optional<Long> linkedSize(String repositoryName, String digest) {
        return jdbc.sql("SELECT b.size FROM blob b JOIN repository_blob rb ON rb.digest = b.digest"
                        + " JOIN repository r ON r.id = rb.repository_id WHERE r.name = ? AND b.digest = ?")
                .params(repositoryName, digest)
                .query(Long.class).optional();
    }
}
