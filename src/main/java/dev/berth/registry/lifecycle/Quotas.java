package dev.berth.registry.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.config.QuotaProperties;
import dev.berth.events.EventOutbox;
import dev.berth.events.EventType;
import dev.berth.events.RegistryEvent;
import dev.berth.metadata.LifecycleRows;
import dev.berth.oci.Digest;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;

/**
 * Storage quotas per namespace. A namespace uses the bytes of the blobs its repositories link,
 * each digest once however many repositories link it; manifests (kept in the database) and
 * unfinished uploads are not counted. The quota is the namespace's own, else
 * {@code berth.quota.default}, else there is none. Uploads are checked before their bytes are
 * stored when their length is known, and again when they complete; two uploads racing may both
 * pass, so a quota can be overshot by what is in flight at once.
 */
@Service
public class Quotas {

    private final LifecycleRows queries;
    private final QuotaProperties properties;
    private final EventOutbox events;

    Quotas(LifecycleRows queries, QuotaProperties properties, EventOutbox events) {
        this.events = events;
        this.queries = queries;
        this.properties = properties;
    }

    /** The namespace's quota in bytes; empty: unlimited. */
    public Optional<Long> limit(String namespace) {
        Optional<Long> own = queries.ownQuota(namespace);
        if (own.isPresent()) {
            return own;
        }
        return Optional.ofNullable(properties.defaultQuota()).map(size -> size.toBytes());
    }

    /** Deduplicated bytes of the blobs linked to the namespace's repositories. */
    public long usedBytes(String namespace) {
        return queries.usedBytes(namespace);
    }

    /** Sets the namespace's own quota (its row must exist); null: follow the default. */
    @Transactional
    public void setQuota(String namespace, Long quotaBytes) {
        queries.setQuotaBytes(namespace, quotaBytes);
    }

    /**
     * Refuses ({@code DENIED}) storing {@code bytes} more in the repository's namespace when that
     * would exceed its quota. A blob ({@code digest}, when known) the namespace links already costs
     * nothing.
     */
    public void check(RepositoryName repository, Digest digest, long bytes) {
        String namespace = repository.namespace();
        Optional<Long> limit = limit(namespace);
        if (limit.isEmpty()) {
            return;
        }
        if (digest != null && queries.linkedInNamespace(namespace, digest)) {
            return;
        }
        long after = usedBytes(namespace) + bytes;
        if (after > limit.get()) {
            events.recordRefusal(RegistryEvent.of(EventType.QUOTA_EXCEEDED, repository.value(),
                    digest == null ? null : digest.toString(), null, bytes, List.of())
                    .withDetails(Map.of("quotaBytes", limit.get(), "wouldUseBytes", after)));
            throw new OciException(OciErrorCode.DENIED, "namespace " + namespace + " would use " + format(after)
                    + " of its " + format(limit.get()) + " quota");
        }
    }

    /** Bytes in binary units, one decimal: {@code 512 B}, {@code 1.2 GiB}, {@code 1 GiB}. */
    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return bytes + " B";
        }
        String number = String.format(java.util.Locale.ROOT, "%.1f", value);
        if (number.endsWith(".0")) {
            number = number.substring(0, number.length() - 2);
        }
        return number + " " + units[unit];
    }
}
