package dev.berth.metadata;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Token signing key pairs, shared by every replica through the database ({@code signing_key}). */
@Component
public class SigningKeyRows {

    /**
     * One key pair.
     *
     * @param privateKey PKCS#8, or sealed by the key-encryption secret when one is configured
     * @param retiredAt  when a newer key replaced it: it still verifies until the tokens it signed expire
     */
    public record KeyRow(String kid, String algorithm, byte[] privateKey, byte[] publicKey, Instant createdAt,
                         Instant retiredAt) {

        public KeyRow {
            privateKey = privateKey.clone();
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] privateKey() {
            return privateKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public String toString() {
            return "KeyRow[kid=" + kid + ", algorithm=" + algorithm + ", privateKey=(hidden)]";
        }
    }

    private static final String COLUMNS = "kid, algorithm, private_key, public_key, created_at, retired_at";

    private final JdbcClient jdbc;

    SigningKeyRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when another replica chose the same kid */
    public void insert(KeyRow key) {
        jdbc.sql("INSERT INTO signing_key (kid, algorithm, private_key, public_key, created_at, retired_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")
                .params(key.kid(), key.algorithm(), key.privateKey(), key.publicKey(),
                        NativeValues.timestamp(key.createdAt()),
                        key.retiredAt() == null ? null : NativeValues.timestamp(key.retiredAt()))
                .update();
    }

    public Optional<KeyRow> find(String kid) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM signing_key WHERE kid = ?").param(kid)
                .query(SigningKeyRows::row).optional();
    }

    public List<KeyRow> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM signing_key ORDER BY created_at").query(SigningKeyRows::row)
                .list();
    }

    /** Keys still signing, newest first. */
    public List<KeyRow> active() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM signing_key WHERE retired_at IS NULL ORDER BY created_at DESC")
                .query(SigningKeyRows::row).list();
    }

    /** Replaces the stored private key by the same key in another form (sealed, or in clear). */
    public void setPrivateKey(String kid, byte[] privateKey) {
        jdbc.sql("UPDATE signing_key SET private_key = ? WHERE kid = ?").params(privateKey, kid).update();
    }

    /** Retires every signing key but {@code kid}. */
    public int retireAllBut(String kid, Instant now) {
        return jdbc.sql("UPDATE signing_key SET retired_at = ? WHERE kid <> ? AND retired_at IS NULL")
                .params(NativeValues.timestamp(now), kid).update();
    }

    public int deleteRetiredBefore(Instant before) {
        return jdbc.sql("DELETE FROM signing_key WHERE retired_at < ?").param(NativeValues.timestamp(before))
                .update();
    }

    private static KeyRow row(ResultSet rs, int row) throws SQLException {
        return new KeyRow(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4),
                NativeValues.instant(rs.getObject(5)), NativeValues.instantOrNull(rs.getObject(6)));
    }
}
