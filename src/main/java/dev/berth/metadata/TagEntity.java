package dev.berth.metadata;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

@Entity
@Table(name = "tag")
@IdClass(TagEntity.Key.class)
public class TagEntity {

    @Id
    @Column(name = "repository_id")
    private long repositoryId;

    @Id
    private String name;

    @Column(name = "manifest_id", nullable = false)
    private long manifestId;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected TagEntity() {
    }

    public long getRepositoryId() {
        return repositoryId;
    }

    public String getName() {
        return name;
    }

    public long getManifestId() {
        return manifestId;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public record Key(long repositoryId, String name) implements Serializable {
        public Key() {
            this(0, null);
        }
    }
}
