package dev.berth.metadata;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A personal or robot access token. Only a hash of the secret is stored. */
@Entity
@Table(name = "access_token")
public class AccessTokenEntity {

    @Id
    private String id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private Long userId;

    @Column(nullable = false)
    private String description;

    @Column(name = "secret_hash", nullable = false, updatable = false)
    private byte[] secretHash;

    @Column(updatable = false)
    private String namespace;

    @Column(updatable = false)
    private String actions;

    @Column(name = "expires_at", updatable = false)
    private Instant expiresAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected AccessTokenEntity() {
    }

    public AccessTokenEntity(String id, Long userId, String description, byte[] secretHash, String namespace,
                             String actions, Instant expiresAt, Instant createdAt) {
        this.id = id;
        this.userId = userId;
        this.description = description;
        this.secretHash = secretHash.clone();
        this.namespace = namespace;
        this.actions = actions;
        this.expiresAt = expiresAt;
        this.createdAt = createdAt;
    }

    public String getId() {
        return id;
    }

    public Long getUserId() {
        return userId;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public byte[] getSecretHash() {
        return secretHash.clone();
    }

    public String getNamespace() {
        return namespace;
    }

    public String getActions() {
        return actions;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    public void setRevokedAt(Instant revokedAt) {
        this.revokedAt = revokedAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
