package dev.berth.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

import dev.berth.metadata.WebhookRows;

/**
 * Pull events, recorded only while some subscription asks for them: pulls are many, and each
 * event is a row. Whether one does is looked up at most every few seconds, so a new pull
 * subscription hears pulls within that long.
 */
@Component
public class PullEvents {

    private static final Duration RECHECK = Duration.ofSeconds(5);

    private final WebhookRows webhooks;
    private final EventOutbox outbox;
    private final Clock clock;
    private volatile boolean wanted;
    private volatile Instant checkedAt = Instant.EPOCH;

    PullEvents(WebhookRows webhooks, EventOutbox outbox, Clock clock) {
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.clock = clock;
    }

    public void pulled(String repository, String digest, String mediaType, long size, String reference) {
        Instant now = clock.instant();
        if (Duration.between(checkedAt, now).compareTo(RECHECK) > 0) {
            wanted = webhooks.anyWantsPulls();
            checkedAt = now;
        }
        if (wanted) {
            outbox.record(RegistryEvent.of(EventType.MANIFEST_PULLED, repository, digest, mediaType, size,
                    reference == null || reference.startsWith("sha") && reference.contains(":")
                            ? java.util.List.of() : java.util.List.of(reference)));
        }
    }
}
