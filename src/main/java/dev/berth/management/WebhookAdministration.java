package dev.berth.management;

import java.util.List;

import org.springframework.stereotype.Service;

import dev.berth.auth.AccessPolicy;
import dev.berth.auth.AuditLog;
import dev.berth.auth.Caller;
import dev.berth.events.Webhooks;
import dev.berth.registry.Listing;

/**
 * Who manages which webhook subscription: global ones (no namespace), admins; a namespace's,
 * its owners (and admins). Every change is audited, never with the secret.
 */
@Service
public class WebhookAdministration {

    private final Webhooks webhooks;
    private final AccessPolicy policy;
    private final AuditLog audit;

    WebhookAdministration(Webhooks webhooks, AccessPolicy policy, AuditLog audit) {
        this.webhooks = webhooks;
        this.policy = policy;
        this.audit = audit;
    }

    public Webhooks.Created create(Caller caller, Webhooks.Request request) {
        requireManager(caller, request.namespace());
        Webhooks.Created created;
        try {
            created = webhooks.create(request, caller.displayName());
        } catch (IllegalArgumentException e) {
            throw ManagementException.invalid("webhook", e.getMessage());
        }
        audit.record(caller.displayName(), "webhook-create", "webhook " + created.webhook().id(),
                AuditLog.Outcome.SUCCESS, created.webhook().url() + " " + created.webhook().events());
        return created;
    }

    /** Admins see every subscription, or one namespace's; others, the namespace's they own. */
    public Listing<Webhooks.View> list(Caller caller, String namespace, Paging paging) {
        List<Webhooks.View> all;
        if (namespace == null || namespace.isBlank()) {
            requireAdmin(caller);
            all = webhooks.list(null, true);
        } else {
            requireManager(caller, namespace);
            all = webhooks.list(namespace, false);
        }
        int from = Math.min(paging.offset(), all.size());
        return new Listing<>(all.subList(from, Math.min(all.size(), from + paging.size())), paging.page(),
                paging.size(), all.size());
    }

    public Webhooks.View get(Caller caller, long id) {
        return visible(caller, id);
    }

    public Webhooks.View update(Caller caller, long id, Webhooks.Request request) {
        visible(caller, id);
        Webhooks.View updated;
        try {
            updated = webhooks.update(id, request);
        } catch (IllegalArgumentException e) {
            throw ManagementException.invalid("webhook", e.getMessage());
        }
        audit.record(caller.displayName(), "webhook-update", "webhook " + id, AuditLog.Outcome.SUCCESS,
                updated.url() + " " + updated.events() + (updated.enabled() ? "" : " (disabled)"));
        return updated;
    }

    public void delete(Caller caller, long id) {
        visible(caller, id);
        webhooks.delete(id);
        audit.record(caller.displayName(), "webhook-delete", "webhook " + id, AuditLog.Outcome.SUCCESS, null);
    }

    public Listing<Webhooks.Delivery> deliveries(Caller caller, long id, Paging paging) {
        visible(caller, id);
        return new Listing<>(webhooks.deliveries(id, paging.offset(), paging.size()), paging.page(), paging.size(),
                webhooks.countDeliveries(id));
    }

    public Webhooks.Delivery redeliver(Caller caller, long id, long deliveryId) {
        visible(caller, id);
        Webhooks.Delivery delivery = webhooks.redeliver(id, deliveryId)
                .orElseThrow(() -> ManagementException.notFound("no delivery " + deliveryId + " of webhook " + id));
        audit.record(caller.displayName(), "webhook-redeliver", "webhook " + id, AuditLog.Outcome.SUCCESS,
                "delivery " + deliveryId);
        return delivery;
    }

    public Webhooks.Delivery test(Caller caller, long id) {
        visible(caller, id);
        return webhooks.test(id, caller.displayName());
    }

    /** The subscription, if the caller may manage it; not found otherwise (its existence is not revealed). */
    private Webhooks.View visible(Caller caller, long id) {
        Webhooks.View view = webhooks.get(id).orElseThrow(() -> ManagementException.notFound("no webhook " + id));
        boolean allowed = view.namespace() == null ? policy.isAdmin(caller)
                : policy.isAdmin(caller) || policy.mayManage(caller, view.namespace());
        if (!allowed) {
            throw ManagementException.notFound("no webhook " + id);
        }
        return view;
    }

    private void requireManager(Caller caller, String namespace) {
        if (namespace == null || namespace.isBlank()) {
            requireAdmin(caller);
        } else if (!policy.isAdmin(caller) && !policy.mayManage(caller, namespace)) {
            throw ManagementException.forbidden("only the owners of namespace " + namespace
                    + " (and admins) manage its webhooks");
        }
    }

    private void requireAdmin(Caller caller) {
        if (!policy.isAdmin(caller)) {
            throw ManagementException.forbidden("only admins manage global webhooks; name a namespace you own");
        }
    }
}
