package dev.berth.metadata;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.berth.oci.RepositoryName;

/**
 * The {@code upload} table. A chunked push runs about a dozen short statements per blob, and as
 * Hibernate native queries they cost more CPU than the database did (JFR over 100 parallel image
 * pushes); a session is one flat row. Inside a transaction the statements run on its connection.
 */
@Component
public class UploadRows {

    private static final String COLUMNS = "id, repository_name, upload_offset, hash_state, storage_handle,"
            + " created_at, updated_at, claimed_until";

    private final JdbcClient jdbc;

    UploadRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String id, RepositoryName repository, byte[] hashState, String storageHandle, Instant now) {
        jdbc.sql("INSERT INTO upload (id, repository_name, upload_offset, hash_state, storage_handle, created_at,"
                        + " updated_at) VALUES (?, ?, 0, ?, ?, ?, ?)")
                .params(id, repository.value(), hashState, storageHandle, NativeValues.timestamp(now),
                        NativeValues.timestamp(now))
                .update();
    }

    public Optional<UploadRow> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM upload WHERE id = ?").param(id)
                .query(UploadRows::row).optional();
    }

    /**
     * Makes {@code claimant} the session's only writer until {@code until}, if it stands at
     * {@code offset} and no other writer's claim is still running. 0 when it is not.
     */
    public int claim(String id, long offset, String claimant, Instant now, Instant until) {
        return jdbc.sql("UPDATE upload SET claimed_by = ?, claimed_until = ?, updated_at = ?"
                        + " WHERE id = ? AND upload_offset = ? AND (claimed_until IS NULL OR claimed_until <= ?)")
                .params(claimant, NativeValues.timestamp(until), NativeValues.timestamp(now), id, offset,
                        NativeValues.timestamp(now))
                .update();
    }

    /** Extends the claim while its writer is still the claimant; 0 when the claim was lost. */
    public int renew(String id, String claimant, Instant now, Instant until) {
        return jdbc.sql("UPDATE upload SET claimed_until = ?, updated_at = ? WHERE id = ? AND claimed_by = ?")
                .params(NativeValues.timestamp(until), NativeValues.timestamp(now), id, claimant)
                .update();
    }

    /**
     * Moves the session forward and ends the claim, but only for the claimant and from the offset
     * it claimed at: 0 when the claim was lost (or the session cancelled) meanwhile.
     */
    public int advance(String id, String claimant, long expectedOffset, long newOffset, byte[] hashState,
                       String storageHandle, Instant now) {
        return jdbc.sql("UPDATE upload SET upload_offset = ?, hash_state = ?, storage_handle = ?, updated_at = ?,"
                        + " claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ? AND upload_offset = ?")
                .params(newOffset, hashState, storageHandle, NativeValues.timestamp(now), id, claimant, expectedOffset)
                .update();
    }

    /** Ends the claim with the session unchanged; a no-op when the claim is someone else's or gone. */
    public int release(String id, String claimant) {
        return jdbc.sql("UPDATE upload SET claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?")
                .params(id, claimant).update();
    }

    /** Ends every writer's claim (at start, when this process is the store's only writer). */
    public int releaseAllClaims() {
        return jdbc.sql("UPDATE upload SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by IS NOT NULL")
                .update();
    }

    public int delete(String id) {
        return jdbc.sql("DELETE FROM upload WHERE id = ?").param(id).update();
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
        return new UploadRow(rs.getString(1), RepositoryName.of(rs.getString(2)), rs.getLong(3), rs.getBytes(4),
                rs.getString(5), NativeValues.instant(rs.getObject(6)), NativeValues.instant(rs.getObject(7)),
                NativeValues.instantOrNull(rs.getObject(8)));
    }
}
