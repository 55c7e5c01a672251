package dev.berth.metadata;

import java.time.Instant;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A manifest as pushed to one repository; {@code payload} holds its exact bytes. */
@Entity
@Table(name = "manifest")
public class ManifestEntity {

    @Id
    private Long id;

    @Column(name = "repository_id", nullable = false)
    private long repositoryId;

    @Column(nullable = false)
    private String digest;

    @Column(name = "media_type", nullable = false)
    private String mediaType;

    @Column(name = "artifact_type")
    private String artifactType;

    @Column(name = "subject_digest")
    private String subjectDigest;

    @Column(name = "annotations")
    private String annotations;

    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false)
    private byte[] payload;

    @Column(nullable = false)
    private long size;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected ManifestEntity() {
    }

    public Long getId() {
        return id;
    }

    public long getRepositoryId() {
        return repositoryId;
    }

    public String getDigest() {
        return digest;
    }

    public String getMediaType() {
        return mediaType;
    }

    public String getArtifactType() {
        return artifactType;
    }

    public String getSubjectDigest() {
        return subjectDigest;
    }

    public String getAnnotations() {
        return annotations;
    }

    public byte[] getPayload() {
        return payload;
    }

    public long getSize() {
        return size;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
