package dev.berth.metadata;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The one-time codes an OIDC sign-in hands the web UI, by the SHA-256 (hex) of the code. */
@Component
public class SignInCodeRows {

    private final JdbcClient jdbc;

    SignInCodeRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a code, and forgets the codes that expired unused. */
    @Transactional
    public void insert(String codeHash, long userId, Instant expiresAt, Instant now) {
        jdbc.sql("DELETE FROM sign_in_code WHERE expires_at < ?").param(NativeValues.timestamp(now)).update();
        jdbc.sql("INSERT INTO sign_in_code (code_hash, user_id, expires_at) VALUES (?, ?, ?)")
                .params(codeHash, userId, NativeValues.timestamp(expiresAt)).update();
    }

    /**
     * The user of an unexpired code, which is used up: of two requests with the same code, only the
     * one whose delete removed the row gets it.
     */
    @Transactional
    public Optional<Long> take(String codeHash, Instant now) {
        Optional<Long> userId = jdbc.sql("SELECT user_id FROM sign_in_code WHERE code_hash = ? AND expires_at > ?")
                .params(codeHash, NativeValues.timestamp(now)).query(Long.class).optional();
        int deleted = jdbc.sql("DELETE FROM sign_in_code WHERE code_hash = ?").param(codeHash).update();
        return deleted == 1 ? userId : Optional.empty();
    }
}
