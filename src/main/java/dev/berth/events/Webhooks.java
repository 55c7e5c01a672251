package dev.berth.events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.metadata.EventRows;
import dev.berth.metadata.WebhookRows;
import dev.berth.metadata.WebhookRows.WebhookRow;
import dev.berth.oci.RepositoryName;

/**
 * Webhook subscriptions and their delivery log. Who may manage which subscription is the
 * caller's concern ({@code management}); this checks what a subscription is made of, and
 * throws {@link IllegalArgumentException} with a reader's message when it is wrong.
 */
@Service
public class Webhooks {

    /** What a subscription asks for; null fields take their defaults (cloudevents, enabled, a generated secret). */
    public record Request(String url, List<String> events, String format, String secret, String namespace,
                          String repositoryPattern, String tagPattern, Boolean enabled) {

        @Override
        public String toString() {
            return "Request[url=" + url + ", events=" + events + ", format=" + format + ", namespace=" + namespace
                    + ", secret=" + (secret == null ? "null" : "******") + "]";
        }
    }

    /** A subscription as the API shows it: never its secret. */
    public record View(long id, String namespace, String url, List<String> events, String format,
                       String repositoryPattern, String tagPattern, boolean enabled, String createdBy,
                       Instant createdAt, Instant failingSince, String disabledReason) {
    }

    /** A new subscription, with its secret: the one time the secret is shown. */
    public record Created(View webhook, String secret) {

        @Override
        public String toString() {
            return "Created[webhook=" + webhook + ", secret=******]";
        }
    }

    /** One attempt at a delivery. */
    public record Attempt(Instant at, Integer status, long durationMs, String error) {
    }

    /** A delivery and its attempts. */
    public record Delivery(long id, String webhookId, String eventId, String eventType, String repository,
                           String state, int attempts, Instant nextAttemptAt, Instant createdAt, Instant finishedAt,
                           List<Attempt> history) {
    }

    private final WebhookRows webhooks;
    private final EventRows events;
    private final TargetPolicy targets;
    private final WebhookSecrets secrets;
    private final DeliveryWorker worker;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Webhooks(WebhookRows webhooks, EventRows events, TargetPolicy targets, WebhookSecrets secrets,
             DeliveryWorker worker, TransactionTemplate transactions, Clock clock) {
        this.webhooks = webhooks;
        this.events = events;
        this.targets = targets;
        this.secrets = secrets;
        this.worker = worker;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Created create(Request request, String createdBy) {
        String url = targets.check(request.url()).toString();
        String eventList = eventList(request.events());
        String format = format(request.format());
        String namespace = namespace(request.namespace());
        Subscription.glob(request.repositoryPattern());
        Subscription.glob(request.tagPattern());
        String secret = request.secret() == null || request.secret().isBlank() ? WebhookSecrets.generate()
                : WebhookSecrets.checked(request.secret());
        long id = transactions.execute(status -> webhooks.insert(new WebhookRows.NewWebhook(namespace, url, eventList,
                blankToNull(request.repositoryPattern()), blankToNull(request.tagPattern()), format,
                secrets.seal(secret), request.enabled() == null || request.enabled(), createdBy), clock.instant()));
        return new Created(get(id).orElseThrow(), secret);
    }

    public Optional<View> get(long id) {
        return webhooks.find(id).map(Webhooks::view);
    }

    /** Every subscription ({@code namespace} null and {@code all}), or one namespace's. */
    public List<View> list(String namespace, boolean all) {
        return webhooks.list(namespace, all).stream().map(Webhooks::view).toList();
    }

    /** Changes what a subscription wants; its secret and namespace stay. Re-enabling clears its failure streak. */
    public View update(long id, Request request) {
        WebhookRow current = webhooks.find(id).orElseThrow();
        String url = request.url() == null ? current.url() : targets.check(request.url()).toString();
        String eventList = request.events() == null ? current.events() : eventList(request.events());
        String format = request.format() == null ? current.format() : format(request.format());
        String repositoryPattern = request.repositoryPattern() == null ? current.repositoryPattern()
                : blankToNull(request.repositoryPattern());
        String tagPattern = request.tagPattern() == null ? current.tagPattern() : blankToNull(request.tagPattern());
        Subscription.glob(repositoryPattern);
        Subscription.glob(tagPattern);
        boolean enabled = request.enabled() == null ? current.enabled() : request.enabled();
        transactions.executeWithoutResult(status -> webhooks.update(id, url, eventList, repositoryPattern, tagPattern,
                format, enabled));
        return get(id).orElseThrow();
    }

    public boolean delete(long id) {
        Integer deleted = transactions.execute(status -> webhooks.delete(id));
        return deleted != null && deleted > 0;
    }

    /** A page of the subscription's deliveries, newest first, each with its attempts. */
    public List<Delivery> deliveries(long webhookId, int offset, int limit) {
        List<Delivery> page = new ArrayList<>();
        for (EventRows.DeliveryRow row : events.deliveries(webhookId, offset, limit)) {
            page.add(delivery(row));
        }
        return page;
    }

    public long countDeliveries(long webhookId) {
        return events.countDeliveries(webhookId);
    }

    /** The delivery, if it belongs to the subscription. */
    public Optional<Delivery> delivery(long webhookId, long deliveryId) {
        return events.delivery(deliveryId).filter(row -> row.webhookId() == webhookId).map(this::delivery);
    }

    /** Sends a delivery again, with the same {@code webhook-id} (receivers deduplicate by it). */
    public Optional<Delivery> redeliver(long webhookId, long deliveryId) {
        if (delivery(webhookId, deliveryId).isEmpty()) {
            return Optional.empty();
        }
        transactions.executeWithoutResult(status -> events.redeliver(deliveryId, clock.instant()));
        worker.wake();
        return delivery(webhookId, deliveryId);
    }

    /** Queues a {@code webhook.test} event for this subscription alone; returns its delivery. */
    public Delivery test(long webhookId, String actor) {
        WebhookRow webhook = webhooks.find(webhookId).orElseThrow();
        Long deliveryId = transactions.execute(status -> {
            Instant now = clock.instant();
            Map<String, Object> data = new java.util.LinkedHashMap<>();
            data.put("webhookId", webhook.id());
            if (actor != null) {
                data.put("actor", actor);
            }
            long eventRow = events.insertEvent(UUID.randomUUID().toString(), EventType.WEBHOOK_TEST.apiName(),
                    webhook.namespace(), null, "", now, EventOutbox.JSON.writeValueAsBytes(data), true);
            String key = "msg_" + UUID.randomUUID();
            events.insertDelivery(webhook.id(), eventRow, key, now);
            return events.deliveries(webhook.id(), 0, 1).get(0).id();
        });
        worker.wake();
        return delivery(webhookId, deliveryId).orElseThrow();
    }

    private Delivery delivery(EventRows.DeliveryRow row) {
        List<Attempt> history = events.attempts(row.id()).stream()
                .map(a -> new Attempt(a.attemptedAt(), a.status(), a.durationMs(), a.error())).toList();
        return new Delivery(row.id(), row.deliveryKey(), row.event().eventId(), row.event().type(),
                row.event().repository(), row.state(), row.attempts(), "pending".equals(row.state())
                ? row.nextAttemptAt() : null, row.createdAt(), row.finishedAt(), history);
    }

    private static View view(WebhookRow row) {
        return new View(row.id(), row.namespace(), row.url(), List.of(row.events().split(",")), row.format(),
                row.repositoryPattern(), row.tagPattern(), row.enabled(), row.createdBy(), row.createdAt(),
                row.failingSince(), row.disabledReason());
    }

    private static String eventList(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw new IllegalArgumentException("name the events the webhook wants, e.g. [\"manifest.pushed\"]");
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : requested) {
            EventType type = EventType.ofApiName(name).filter(t -> t != EventType.WEBHOOK_TEST)
                    .orElseThrow(() -> new IllegalArgumentException("unknown event " + abbreviate(name)
                            + "; known: " + knownEvents()));
            names.add(type.apiName());
        }
        return String.join(",", names);
    }

    static String knownEvents() {
        return java.util.Arrays.stream(EventType.values()).filter(t -> t != EventType.WEBHOOK_TEST)
                .map(EventType::apiName).collect(java.util.stream.Collectors.joining(", "));
    }

    private static String format(String format) {
        if (format == null || format.isBlank()) {
            return Payloads.CLOUDEVENTS;
        }
        if (!Payloads.CLOUDEVENTS.equals(format) && !Payloads.DISTRIBUTION.equals(format)) {
            throw new IllegalArgumentException("format is cloudevents or distribution");
        }
        return format;
    }

    private static String namespace(String namespace) {
        if (namespace == null || namespace.isBlank()) {
            return null;
        }
        if (namespace.contains("/") || !RepositoryName.isValid(namespace)) {
            throw new IllegalArgumentException("namespace must be a namespace name (one path component)");
        }
        return namespace;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String abbreviate(String value) {
        String text = String.valueOf(value).replaceAll("[^A-Za-z0-9._-]", "?");
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
