package dev.berth.metadata;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A token signing key pair, shared by every replica through the database. */
@Entity
@Table(name = "signing_key")
public class SigningKeyEntity {

    @Id
    private String kid;

    @Column(nullable = false, updatable = false)
    private String algorithm;

    /** PKCS#8, or sealed by the key-encryption secret when one is configured. */
    @Column(name = "private_key", nullable = false)
    private byte[] privateKey;

    @Column(name = "public_key", nullable = false, updatable = false)
    private byte[] publicKey;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "retired_at")
    private Instant retiredAt;

    protected SigningKeyEntity() {
    }

    public SigningKeyEntity(String kid, String algorithm, byte[] privateKey, byte[] publicKey, Instant createdAt) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.privateKey = privateKey.clone();
        this.publicKey = publicKey.clone();
        this.createdAt = createdAt;
    }

    public String getKid() {
        return kid;
    }

    public String getAlgorithm() {
        return algorithm;
    }

    public byte[] getPrivateKey() {
        return privateKey.clone();
    }

    /** Replaces the stored private key by the same key in another form (sealed, or in clear). */
    public void setPrivateKey(byte[] privateKey) {
        this.privateKey = privateKey.clone();
    }

    public byte[] getPublicKey() {
        return publicKey.clone();
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getRetiredAt() {
        return retiredAt;
    }

    public void setRetiredAt(Instant retiredAt) {
        this.retiredAt = retiredAt;
    }
}
