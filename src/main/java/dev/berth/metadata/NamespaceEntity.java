package dev.berth.metadata;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The first component of repository names, with its settings. */
@Entity
@Table(name = "namespace")
public class NamespaceEntity {

    @Id
    private String name;

    /** Null: follow {@code berth.auth.anonymous-pull}. */
    @Column(name = "public_pull")
    private Boolean publicPull;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    /** The user whose own namespace this is, by name (it outlives the account); null otherwise. */
    @Column(updatable = false)
    private String owner;

    protected NamespaceEntity() {
    }

    public NamespaceEntity(String name, Boolean publicPull, Instant createdAt) {
        this.name = name;
        this.publicPull = publicPull;
        this.createdAt = createdAt;
    }

    public String getName() {
        return name;
    }

    public Boolean getPublicPull() {
        return publicPull;
    }

    public void setPublicPull(Boolean publicPull) {
        this.publicPull = publicPull;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getOwner() {
        return owner;
    }
}
