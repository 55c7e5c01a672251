package dev.berth.metadata;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code upload} table, in plain JDBC. A chunked push runs about a dozen short statements per
 * blob, and as Hibernate native queries they cost more CPU than the database did (JFR over 100
 * parallel image pushes); a session is one flat row, so it needs no entity. Inside a transaction
 * the statements run on its connection.
 */
@Component
public class UploadRows {

    private static final String COLUMNS = "id, repository_name, upload_offset, hash_state, storage_handle,"
            + " created_at, updated_at";

    private final JdbcClient jdbc;

    UploadRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String id, String repositoryName, byte[] hashState, String storageHandle, Instant now) {
        jdbc.sql("INSERT INTO upload (" + COLUMNS + ") VALUES (?, ?, 0, ?, ?, ?, ?)")
                .params(id, repositoryName, hashState, storageHandle, NativeValues.timestamp(now),
                        NativeValues.timestamp(now))
                .update();
    }

    public Optional<UploadRow> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM upload WHERE id = ?").param(id)
                .query(UploadRows::row).optional();
    }

    /**
     * Moves the session forward, but only from the offset the caller started at: a concurrent
     * writer that got there first makes this return 0.
     */
    public int advance(String id, long expectedOffset, long newOffset, byte[] hashState, String storageHandle,
                       Instant now) {
        return jdbc.sql("UPDATE upload SET upload_offset = ?, hash_state = ?, storage_handle = ?, updated_at = ?"
                        + " WHERE id = ? AND upload_offset = ?")
                .params(newOffset, hashState, storageHandle, NativeValues.timestamp(now), id, expectedOffset)
                .update();
    }

    public int delete(String id) {
        return jdbc.sql("DELETE FROM upload WHERE id = ?").param(id).update();
    }

    /** Gives back every writer's claim on a session. */
    public int releaseAllClaims() {
        return jdbc.sql("UPDATE upload SET upload_offset = -upload_offset - 1 WHERE upload_offset < 0").update();
    }

    /** Sessions nobody has written to since {@code cutoff}. */
    public List<UploadRow> updatedBefore(Instant cutoff) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM upload WHERE updated_at < ?")
                .param(NativeValues.timestamp(cutoff))
                .query(UploadRows::row).list();
    }

    public List<String> storageHandles() {
        return jdbc.sql("SELECT storage_handle FROM upload").query(String.class).list();
    }

    private static UploadRow row(ResultSet rs, int rowNumber) throws SQLException {
        return new UploadRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBytes(4), rs.getString(5),
                NativeValues.instant(rs.getObject(6)), NativeValues.instant(rs.getObject(7)));
    }
}
