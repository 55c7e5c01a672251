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

    /** The origin of accounts with a Berth password, and of robots. */
    public static final String LOCAL = "local";

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

    /** Where the account signs in: {@value #LOCAL}, {@code ldap} or {@code oidc:<provider>}. */
    @Column(nullable = false, updatable = false)
    private String origin = LOCAL;

    /** What the account's source calls it (an LDAP DN, an ID token's {@code sub}); null for local accounts. */
    @Column(name = "external_subject")
    private String externalSubject;

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

    /** An account that signs in through {@code origin} and has no password of its own. */
    public static UserEntity external(String username, String origin, String externalSubject, Instant createdAt) {
        UserEntity user = new UserEntity(username, null, false, false, createdAt);
        user.origin = origin;
        user.externalSubject = externalSubject;
        return user;
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

    public String getOrigin() {
        return origin;
    }

    public String getExternalSubject() {
        return externalSubject;
    }

    public void setExternalSubject(String externalSubject) {
        this.externalSubject = externalSubject;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
