package dev.berth.metadata;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A user's role in a namespace. */
@Entity
@Table(name = "namespace_member")
@IdClass(NamespaceMemberEntity.Key.class)
public class NamespaceMemberEntity {

    @Id
    private String namespace;

    @Id
    @Column(name = "user_id")
    private Long userId;

    @Column(nullable = false)
    private String role;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    /** Granted by a group mapping rule, so the next sign-in may change or remove it; false: direct. */
    @Column(name = "group_mapped", nullable = false)
    private boolean groupMapped;

    protected NamespaceMemberEntity() {
    }

    public NamespaceMemberEntity(String namespace, Long userId, String role, Instant createdAt) {
        this.namespace = namespace;
        this.userId = userId;
        this.role = role;
        this.createdAt = createdAt;
    }

    public String getNamespace() {
        return namespace;
    }

    public Long getUserId() {
        return userId;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public boolean isGroupMapped() {
        return groupMapped;
    }

    public void setGroupMapped(boolean groupMapped) {
        this.groupMapped = groupMapped;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public record Key(String namespace, Long userId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
