package dev.berth.metadata;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An upload session's whole state, so that any replica, or the same one after a restart, can continue it. */
@Entity
@Table(name = "upload")
public class UploadEntity {

    @Id
    private String id;

    @Column(name = "repository_name", nullable = false)
    private String repositoryName;

    @Column(name = "upload_offset", nullable = false)
    private long offset;

    @Column(name = "hash_state", nullable = false)
    private byte[] hashState;

    @Column(name = "storage_handle", nullable = false)
    private String storageHandle;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected UploadEntity() {
    }

    public String getId() {
        return id;
    }

    public String getRepositoryName() {
        return repositoryName;
    }

    public long getOffset() {
        return offset;
    }

    public byte[] getHashState() {
        return hashState;
    }

    public String getStorageHandle() {
        return storageHandle;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
