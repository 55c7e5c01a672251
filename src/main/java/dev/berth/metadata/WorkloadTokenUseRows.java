package dev.berth.metadata;

import java.time.Instant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The CI tokens already used, by issuer and {@code jti}, each bound to the robot and address of its first use. */
@Component
public class WorkloadTokenUseRows {

    /** Who used a token first. */
    public record FirstUse(long robotId, String clientAddress) {
    }

    private final JdbcClient jdbc;

    WorkloadTokenUseRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records this use when it is the token's first, and returns the first use either way: of two
     * replicas seeing the same token at once, the primary key lets exactly one record it. Outside any
     * transaction (each statement commits), so the duplicate key aborts nothing (PostgreSQL would
     * refuse every later statement of a transaction it failed in).
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public FirstUse recordUse(String issuer, String jti, long robotId, String clientAddress, Instant expiresAt) {
        try {
            jdbc.sql("INSERT INTO workload_token_use (issuer, jti, robot_id, client_address, expires_at)"
                            + " VALUES (?, ?, ?, ?, ?)")
                    .params(issuer, jti, robotId, clientAddress, NativeValues.timestamp(expiresAt)).update();
            return new FirstUse(robotId, clientAddress);
        } catch (DuplicateKeyException seenBefore) {
            return jdbc.sql("SELECT robot_id, client_address FROM workload_token_use WHERE issuer = ? AND jti = ?")
                    .params(issuer, jti).query((rs, row) -> new FirstUse(rs.getLong(1), rs.getString(2))).single();
        }
    }

    /** Forgets the tokens that have expired: they are refused for their expiry alone. */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM workload_token_use WHERE expires_at < ?").param(NativeValues.timestamp(now))
                .update();
    }
}
