package dev.berth.management;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.auth.AccessPolicy;
import dev.berth.auth.AuditLog;
import dev.berth.auth.Caller;
import dev.berth.auth.SigningKeys;
import dev.berth.metadata.AuditEventRows;
import dev.berth.registry.Listing;

/** What only admins see or do to the whole registry: the audit trail and the token signing keys. */
@Service
public class SystemAdministration {

    /** One line of the audit trail. */
    public record AuditEvent(long id, Instant occurredAt, String actor, String action, String target, String outcome,
                             String clientAddress, String detail) {
    }

    private final AuditEventRows events;
    private final SigningKeys signingKeys;
    private final AccessPolicy policy;
    private final AuditLog audit;

    SystemAdministration(AuditEventRows events, SigningKeys signingKeys, AccessPolicy policy,
                         AuditLog audit) {
        this.events = events;
        this.signingKeys = signingKeys;
        this.policy = policy;
        this.audit = audit;
    }

    /** The audit trail, newest first. */
    @Transactional(readOnly = true)
    public Listing<AuditEvent> audit(Caller caller, Paging paging) {
        requireAdmin(caller);
        List<AuditEvent> page = events.newestFirst(paging.offset(), paging.size()).stream()
                .map(event -> new AuditEvent(event.id(), event.occurredAt(), event.actor(), event.action(),
                        event.target(), event.outcome(), event.clientAddress(), event.detail()))
                .toList();
        return new Listing<>(page, paging.page(), paging.size(), events.count());
    }

    /**
     * Signs new registry tokens with a new key; tokens signed with the old one stay valid until they
     * expire. Returns the new key's id.
     */
    public String rotateSigningKey(Caller caller) {
        requireAdmin(caller);
        String kid;
        try {
            kid = signingKeys.rotate();
        } catch (IllegalStateException fileKey) {
            throw ManagementException.conflict(fileKey.getMessage());
        }
        audit.record(caller.displayName(), "signing-key-rotate", kid, AuditLog.Outcome.SUCCESS, null);
        return kid;
    }

    /** @throws ManagementException (forbidden) unless the caller administers the registry with a password */
    public void requireAdmin(Caller caller) {
        if (!policy.isAdmin(caller)) {
            throw ManagementException.forbidden(caller.restriction() != null
                    ? "an access token cannot administer the registry" : "only admins may do this");
        }
    }
}
