package dev.berth.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.auth.AuditLog;
import dev.berth.config.EventProperties;
import dev.berth.metadata.EventRows;
import dev.berth.metadata.EventRows.DeliveryRow;
import dev.berth.metadata.EventRows.DueDelivery;
import dev.berth.metadata.EventRows.EventRow;
import dev.berth.metadata.WebhookRows;
import dev.berth.metadata.WebhookRows.WebhookRow;

/**
 * Delivers events, on every replica at once without two sending the same delivery: it fans new
 * outbox events out to the subscriptions that want them, claims due deliveries (rows locked with
 * {@code SKIP LOCKED}, then a claim that expires, so a replica that dies mid-send leaves its
 * deliveries to another), sends them a few at a time, and schedules retries with exponential
 * backoff and jitter, honouring {@code Retry-After}, until {@code berth.events.max-age}. Woken at
 * once by a commit on this replica; otherwise it looks every {@code poll-interval}.
 * <p>
 * Order: first attempts are made in the order events were recorded, several at a time; a retry
 * does not hold back later events. A subscription has at most half the senders ({@link FairShare}),
 * so a slow receiver does not delay the others' deliveries. Receivers order by the event's {@code time} and deduplicate by
 * {@code webhook-id}.
 */
@Component
public class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final int FAN_OUT_BATCH = 200;
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final EventRows events;
    private final WebhookRows webhooks;
    private final Payloads payloads;
    private final WebhookSender sender;
    private final WebhookSecrets secrets;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final Clock clock;
    private final EventProperties properties;
    private final String holder = UUID.randomUUID().toString();
    private final Semaphore wakeUps = new Semaphore(0);
    private final Semaphore slots;
    private final FairShare fairShare;
    /** Deliveries being sent now, by subscription: what {@link FairShare} shares the senders by. */
    private final Map<Long, Integer> inFlight = new ConcurrentHashMap<>();
    private final Duration claimTtl;
    private volatile boolean running;
    /** Set by {@link #wake()}: fan out before the next claim; the poll fans out anyway. */
    private volatile boolean recorded = true;
    private Thread loop;
    private ExecutorService pool;

    DeliveryWorker(EventRows events, WebhookRows webhooks, Payloads payloads, WebhookSender sender,
                   WebhookSecrets secrets, TransactionTemplate transactions, AuditLog audit, Clock clock,
                   EventProperties properties) {
        this.events = events;
        this.webhooks = webhooks;
        this.payloads = payloads;
        this.sender = sender;
        this.secrets = secrets;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
        this.slots = new Semaphore(Math.max(1, properties.concurrency()));
        this.fairShare = FairShare.forSenders(properties.concurrency());
        // Long enough for a send to finish; a replica gone longer than this has died.
        this.claimTtl = properties.timeout().multipliedBy(3).plusSeconds(30);
    }

    /** Something was recorded or became due: look now rather than at the next poll. */
    public void wake() {
        recorded = true;
        wakeUps.release();
    }

    /** A sender is free again: claim more, without looking for new events (a push would pay for the query). */
    private void senderFreed() {
        wakeUps.release();
    }

    @Override
    public void start() {
        if (!properties.deliver()) {
            log.info("webhook delivery is off on this replica (berth.events.deliver=false)");
            return;
        }
        running = true;
        pool = Executors.newFixedThreadPool(Math.max(1, properties.concurrency()), runnable -> {
            Thread thread = new Thread(runnable, "berth-webhook-send");
            thread.setDaemon(true);
            return thread;
        });
        loop = new Thread(this::run, "berth-webhooks");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public void stop() {
        running = false;
        wake();
        if (loop != null) {
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pool != null) {
            pool.shutdown();
            try {
                pool.awaitTermination(properties.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                if (recorded) {
                    recorded = false;
                    fanOut();
                }
                dispatch();
            } catch (RuntimeException e) {
                log.warn("webhook delivery pass failed, retrying: {}", e.toString());
            }
            try {
                if (!wakeUps.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                    recorded = true; // events other replicas recorded
                }
                wakeUps.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Turns recorded events into deliveries, one for each enabled subscription that wants it. */
    void fanOut() {
        while (running) {
            Integer fanned = transactions.execute(status -> {
                List<EventRow> batch = events.lockUnfanned(FAN_OUT_BATCH);
                Map<String, List<Subscription>> byNamespace = new HashMap<>();
                Instant now = clock.instant();
                for (EventRow event : batch) {
                    List<Subscription> candidates = byNamespace.computeIfAbsent(String.valueOf(event.namespace()),
                            key -> webhooks.enabledFor(event.namespace()).stream().map(Subscription::of).toList());
                    for (Subscription subscription : candidates) {
                        if (subscription.wants(event)) {
                            events.insertDelivery(subscription.id(), event.id(), "msg_" + UUID.randomUUID(), now);
                        }
                    }
                    events.markFannedOut(event.id());
                }
                return batch.size();
            });
            if (fanned == null || fanned < FAN_OUT_BATCH) {
                return;
            }
        }
    }

    /** Claims as many due deliveries as there are free senders, shared fairly between subscriptions, and sends them. */
    private void dispatch() {
        int free = slots.availablePermits();
        if (free == 0) {
            return;
        }
        Instant now = clock.instant();
        List<DueDelivery> claimed = transactions.execute(status -> {
            Map<Long, List<DueDelivery>> candidates = new HashMap<>();
            for (long webhookId : events.subscriptionsDue(now)) {
                int room = Math.min(free, fairShare.room(webhookId, inFlight));
                if (room > 0) {
                    candidates.put(webhookId, events.lockDue(webhookId, now, room));
                }
            }
            List<DueDelivery> chosen = fairShare.choose(candidates, inFlight, free);
            events.claim(chosen.stream().map(DueDelivery::id).toList(), holder, now.plus(claimTtl));
            return chosen;
        });
        for (DueDelivery due : claimed == null ? List.<DueDelivery>of() : claimed) {
            slots.acquireUninterruptibly();
            inFlight.merge(due.webhookId(), 1, Integer::sum);
            pool.execute(() -> {
                try {
                    deliver(due.id());
                } catch (RuntimeException e) {
                    log.warn("delivery {} failed unexpectedly; it is retried after its claim expires: {}", due.id(),
                            e.toString());
                } finally {
                    inFlight.merge(due.webhookId(), -1, (a, b) -> a + b == 0 ? null : a + b);
                    slots.release();
                    senderFreed();
                }
            });
        }
    }

    private void deliver(long id) {
        Optional<DeliveryRow> found = events.delivery(id);
        if (found.isEmpty()) {
            return;
        }
        DeliveryRow delivery = found.get();
        Optional<WebhookRow> webhook = webhooks.find(delivery.webhookId());
        int attempts = delivery.attempts() + 1;
        if (webhook.isEmpty() || !webhook.get().enabled()) {
            transactions.executeWithoutResult(status -> {
                events.recordAttempt(id, clock.instant(), null, 0, "the subscription is disabled");
                events.finish(id, holder, "failed", attempts, clock.instant());
            });
            return;
        }
        WebhookRow subscription = webhook.get();
        Payloads.Payload payload = payloads.render(subscription.format(), delivery.event());
        Instant started = clock.instant();
        WebhookSender.Outcome outcome = sender.send(subscription.url(), delivery.deliveryKey(),
                secrets.key(subscription.secret()), payload);
        Instant ended = clock.instant();
        long millis = Duration.between(started, ended).toMillis();
        transactions.executeWithoutResult(status -> {
            events.recordAttempt(id, started, outcome.status(), millis, outcome.error());
            if (outcome.delivered()) {
                events.finish(id, holder, "delivered", attempts, ended);
                webhooks.succeeded(subscription.id());
                return;
            }
            webhooks.failed(subscription.id(), ended);
            Instant next = ended.plus(backoff(attempts, outcome.retryAfter()));
            if (!outcome.retriable() || next.isAfter(delivery.createdAt().plus(properties.maxAge()))) {
                events.finish(id, holder, "failed", attempts, ended);
            } else {
                events.retryAt(id, holder, attempts, next);
            }
            if (webhooks.disableIfFailingSince(subscription.id(), ended.minus(properties.disableAfter()),
                    "failed without a success for " + properties.disableAfter())) {
                audit.record("system", "webhook-disable", "webhook " + subscription.id(), AuditLog.Outcome.SUCCESS,
                        "every delivery failed for " + properties.disableAfter());
            }
        });
    }

    /** 1 s, 2 s, 4 s, ..., each between half and one and a half of that, at most an hour; at least Retry-After. */
    static Duration backoff(int attempts, Duration retryAfter) {
        long base = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(attempts - 1, 22));
        long jittered = Math.min(MAX_BACKOFF.toMillis(), (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble())));
        Duration wait = Duration.ofMillis(jittered);
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : retryAfter;
        }
        return wait;
    }
}
