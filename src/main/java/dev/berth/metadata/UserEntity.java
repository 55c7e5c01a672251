package dev.berth.metadata;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person or a robot account. */
@Entity
@Table(name = "users")
public class UserEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, updatable = false)
    private String username;

    @Column(name = "password_hash")
    private String passwordHash;

    @Column(nullable = false)
    private boolean admin;

    @Column(nullable = false)
    private boolean enabled;

    @Column(nullable = false, updatable = false)
    private boolean robot;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    /** Raised by each password change; tokens issued under an older version are refused. */
    @Column(name = "password_version", nullable = false)
    private int passwordVersion;

    protected UserEntity() {
    }

    public UserEntity(String username, String passwordHash, boolean admin, boolean robot, Instant createdAt) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.admin = admin;
        this.enabled = true;
        this.robot = robot;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    /** Sets a new password hash and ends every token issued under the old password. */
    public void changePasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
        this.passwordVersion++;
    }

    public int getPasswordVersion() {
        return passwordVersion;
    }

    public boolean isAdmin() {
        return admin;
    }

    public void setAdmin(boolean admin) {
        this.admin = admin;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isRobot() {
        return robot;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
