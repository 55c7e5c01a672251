package dev.berth.events;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

import dev.berth.auth.Caller;
import dev.berth.auth.CallerAuthentication;
import dev.berth.metadata.EventRows;

/**
 * Records events in the outbox table, in the caller's transaction when there is one (so the
 * event commits or rolls back with the change), and wakes this replica's delivery worker once
 * that transaction has committed.
 */
@Component
public class EventOutbox {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventRows rows;
    private final TransactionTemplate transactions;
    private final DeliveryWorker worker;
    private final Clock clock;

    EventOutbox(EventRows rows, TransactionTemplate transactions, DeliveryWorker worker, Clock clock) {
        this.rows = rows;
        this.transactions = transactions;
        this.worker = worker;
        this.clock = clock;
    }

    /** Records the event with the change being made; call inside its transaction. */
    public void record(RegistryEvent event) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            insert(event);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    worker.wake();
                }
            });
        } else {
            transactions.executeWithoutResult(status -> insert(event));
            worker.wake();
        }
    }

    /**
     * Records the event at once, in a transaction of its own: for a refusal (a quota), whose
     * change's transaction rolls back, and which must be heard anyway.
     */
    public void recordRefusal(RegistryEvent event) {
        TransactionTemplate own = new TransactionTemplate(transactions.getTransactionManager());
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        own.executeWithoutResult(status -> insert(event));
        worker.wake();
    }

    private void insert(RegistryEvent event) {
        Instant now = clock.instant();
        String eventId = UUID.randomUUID().toString();
        rows.insertEvent(eventId, event.type().apiName(), event.namespace(), event.repository(),
                String.join(",", event.tags()), now, JSON.writeValueAsBytes(data(event)), false);
    }

    /** The event's data as both formats render it: what happened, to what, by whom, in which request. */
    static Map<String, Object> data(RegistryEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        putIfSet(data, "repository", event.repository());
        putIfSet(data, "digest", event.digest());
        putIfSet(data, "mediaType", event.mediaType());
        putIfSet(data, "size", event.size());
        if (!event.tags().isEmpty()) {
            data.put("tags", event.tags());
        }
        putIfSet(data, "subject", event.subject());
        putIfSet(data, "previousDigest", event.previous());
        data.putAll(event.details());
        Caller caller = CallerAuthentication.current();
        putIfSet(data, "actor", caller == null || caller.isAnonymous() ? null : caller.displayName());
        putIfSet(data, "requestId", MDC.get("requestId"));
        return data;
    }

    private static void putIfSet(Map<String, Object> data, String key, Object value) {
        if (value != null) {
            data.put(key, value);
        }
    }
}
