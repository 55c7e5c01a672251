package dev.berth.auth;

import java.time.Instant;

import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.metadata.AuditEventEntityRepository;
import dev.berth.registry.Listing;

/** What only admins see or do to the whole registry: the audit trail and the token signing keys. */
@Service
public class SystemAdministration {

    /** One line of the audit trail. */
    public record AuditEvent(long id, Instant occurredAt, String actor, String action, String target, String outcome,
                             String clientAddress, String detail) {
    }

    private final AuditEventEntityRepository events;
    private final SigningKeys signingKeys;
    private final AccessPolicy policy;
    private final AuditLog audit;

    SystemAdministration(AuditEventEntityRepository events, SigningKeys signingKeys, AccessPolicy policy,
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
        return Listing.of(events.findAll(paging.pageable(Sort.by(Sort.Order.desc("occurredAt"), Sort.Order.desc("id")))),
                event -> new AuditEvent(event.getId(), event.getOccurredAt(), event.getActor(), event.getAction(),
                        event.getTarget(), event.getOutcome(), event.getClientIp(), event.getDetail()));
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
