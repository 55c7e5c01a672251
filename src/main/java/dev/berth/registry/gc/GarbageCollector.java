package dev.berth.registry.gc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.config.GcProperties;
import dev.berth.events.EventOutbox;
import dev.berth.events.EventType;
import dev.berth.events.RegistryEvent;
import dev.berth.metadata.GcRows;
import dev.berth.metadata.GcRows.BlobLink;
import dev.berth.metadata.GcRows.BlobSize;
import dev.berth.metadata.GcRows.GcRun;
import dev.berth.metadata.RepositoryRows;
import dev.berth.metadata.RepositoryRows.RepositoryRef;
import dev.berth.metadata.TagRows;
import dev.berth.metadata.TagRows.TagVersion;
import dev.berth.oci.Digest;
import dev.berth.registry.lifecycle.RetentionPolicies;
import dev.berth.storage.BlobStore;

/**
 * Online garbage collection: no read-only mode, pushes go on while it runs.
 * <ol>
 *   <li>Retention: tags the {@link RetentionPolicies} remove go first (never immutable ones), so
 *       what only they kept is collected by the same run.</li>
 *   <li>Manifests: kept when tagged, listed by a kept index, referring (by {@code subject}) to a
 *       kept manifest, or younger than {@code berth.gc.untagged-grace}; the rest go (unless
 *       {@code berth.gc.delete-untagged=false}).</li>
 *   <li>Links: a repository's link to a blob no kept manifest of it references goes once older
 *       than {@code berth.gc.blob-grace} (a push uploads layers before its manifest).</li>
 *   <li>Blobs: no link left and not touched for {@code berth.gc.blob-grace}: bytes, then row.</li>
 *   <li>Expired upload sessions and their bytes (S3 multipart uploads too).</li>
 * </ol>
 * Each removal locks its row, re-checks that nothing started relying on it since it was planned,
 * and only then deletes; pushes lock the rows they rely on the same way (uploads touch the blob
 * row before writing bytes, mounts lock it, manifests lock their links and children). Only one
 * replica collects at a time (a lease in the database).
 */
@Service
public class GarbageCollector {

    private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);
    private static final Duration LEASE = Duration.ofHours(6);

    private final GcRows rows;
    private final RepositoryRows repositories;
    private final ReachabilityPlan reachability;
    private final BlobStore store;
    private final UploadPurger uploads;
    private final TransactionTemplate transactions;
    private final GcProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final RetentionPolicies retention;
    private final String holder = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);

    private final EventOutbox outbox;

    GarbageCollector(GcRows rows, RepositoryRows repositories, TagRows tags, BlobStore store, UploadPurger uploads,
                     TransactionTemplate transactions, GcProperties properties, Clock clock,
                     ApplicationEventPublisher events, RetentionPolicies retention, EventOutbox outbox) {
        this.outbox = outbox;
        this.rows = rows;
        this.repositories = repositories;
        this.reachability = new ReachabilityPlan(rows, tags);
        this.store = store;
        this.uploads = uploads;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
        this.retention = retention;
    }

    /**
     * Collects now; empty when another replica (or thread) is collecting.
     *
     * @param dryRun report what would go, remove nothing
     * @param trigger who asked: {@code schedule} or {@code api}
     */
    public Optional<GcReport> collect(boolean dryRun, String trigger) {
        Instant startedAt = clock.instant();
        Integer acquired = transactions.execute(status -> rows.acquire(holder, startedAt, startedAt.plus(LEASE)));
        if (acquired == null || acquired == 0) {
            return Optional.empty();
        }
        try {
            Counts counts = run(dryRun);
            GcReport report = new GcReport(startedAt, clock.instant(), dryRun, trigger, counts.tags, counts.manifests,
                    counts.links, counts.blobs, counts.bytes, counts.uploads);
            transactions.executeWithoutResult(status -> rows.record(new GcRun(report.startedAt(), report.finishedAt(),
                    dryRun, trigger, report.tagsDeleted(), report.manifestsDeleted(), report.linksDeleted(),
                    report.blobsDeleted(), report.bytesFreed(), report.uploadsPurged())));
            events.publishEvent(report);
            if (!dryRun) {
                outbox.record(RegistryEvent.of(EventType.GC_FINISHED, null, null, null, report.bytesFreed(),
                        List.of()).withDetails(Map.of("trigger", trigger, "tagsDeleted", report.tagsDeleted(),
                        "manifestsDeleted", report.manifestsDeleted(), "blobsDeleted", report.blobsDeleted(),
                        "bytesFreed", report.bytesFreed(), "uploadsPurged", report.uploadsPurged())));
            }
            log.info("garbage collection{} ({}): {} tags, {} manifests, {} links, {} blobs ({} bytes), {} uploads",
                    dryRun ? " dry run" : "", trigger, report.tagsDeleted(), report.manifestsDeleted(), report.linksDeleted(),
                    report.blobsDeleted(), report.bytesFreed(), report.uploadsPurged());
            return Optional.of(report);
        } finally {
            transactions.executeWithoutResult(status -> rows.release(holder, clock.instant()));
        }
    }

    /** The latest collections, newest first. */
    public List<GcReport> recent(int limit) {
        return rows.recent(limit).stream().map(run -> new GcReport(run.startedAt(), run.finishedAt(), run.dryRun(),
                run.trigger(), run.tagsDeleted(), run.manifestsDeleted(), run.linksDeleted(), run.blobsDeleted(),
                run.bytesFreed(), run.uploadsPurged())).toList();
    }

    private static final class Counts {
        long tags;
        long manifests;
        long links;
        long blobs;
        long bytes;
        long uploads;
    }

    /** A repository's link, as a dry run remembers the ones it would remove. */
    private record Link(long repositoryId, Digest digest) {
    }

    private Counts run(boolean dryRun) {
        Instant now = clock.instant();
        Instant untaggedCutoff = now.minus(properties.untaggedGrace());
        Instant blobCutoff = now.minus(properties.blobGrace());
        Counts counts = new Counts();
        Set<Link> linksPlannedAway = new HashSet<>();
        // Retention first; a dry run only remembers which tags would go, for the mark phase to ignore.
        Map<Long, Set<String>> tagsPlannedAway = new HashMap<>();
        for (RepositoryRef repository : repositories.all()) {
            for (TagVersion tag : retention.expired(repository.id(), repository.name(), now)) {
                if (dryRun) {
                    tagsPlannedAway.computeIfAbsent(repository.id(), id -> new HashSet<>()).add(tag.name());
                    counts.tags++;
                } else if (Boolean.TRUE.equals(transactions.execute(status ->
                        retention.remove(repository.id(), repository.name(), tag)))) {
                    counts.tags++;
                }
            }
        }
        for (long repositoryId : rows.repositoryIds()) {
            ReachabilityPlan.Plan plan = reachability.plan(repositoryId, !properties.deleteUntagged(), untaggedCutoff,
                    blobCutoff, tagsPlannedAway.getOrDefault(repositoryId, Set.of()));
            for (ReachabilityPlan.DeadManifest manifest : plan.manifests()) {
                if (dryRun || deleteManifest(repositoryId, manifest)) {
                    counts.manifests++;
                }
            }
            for (Digest digest : plan.links()) {
                if (dryRun || deleteLink(repositoryId, digest, blobCutoff)) {
                    counts.links++;
                    linksPlannedAway.add(new Link(repositoryId, digest));
                }
            }
        }
        Set<Digest> stillLinked = dryRun ? remainingAfter(linksPlannedAway) : rows.linkedDigests();
        for (BlobSize blob : rows.blobsTouchedBefore(blobCutoff)) {
            if (stillLinked.contains(blob.digest())) {
                continue;
            }
            if (dryRun || deleteBlob(blob.digest(), blobCutoff)) {
                counts.blobs++;
                counts.bytes += blob.size();
            }
        }
        if (!dryRun) {
            try {
                counts.uploads = uploads.purgeExpired();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return counts;
    }

    private Set<Digest> remainingAfter(Set<Link> linksPlannedAway) {
        Set<Digest> remaining = new HashSet<>();
        for (long repositoryId : rows.repositoryIds()) {
            for (BlobLink link : rows.links(repositoryId)) {
                if (!linksPlannedAway.contains(new Link(repositoryId, link.digest()))) {
                    remaining.add(link.digest());
                }
            }
        }
        return remaining;
    }

    private boolean deleteManifest(long repositoryId, ReachabilityPlan.DeadManifest manifest) {
        Boolean deleted = transactions.execute(status -> rows.lockManifest(manifest.id())
                && !rows.manifestKept(manifest.id(), repositoryId, manifest.digest())
                && rows.deleteManifest(manifest.id()) > 0);
        return Boolean.TRUE.equals(deleted);
    }

    private boolean deleteLink(long repositoryId, Digest digest, Instant blobCutoff) {
        Boolean deleted = transactions.execute(status -> rows.lockLink(repositoryId, digest, blobCutoff)
                && !rows.linkReferenced(repositoryId, digest)
                && rows.deleteLink(repositoryId, digest) > 0);
        return Boolean.TRUE.equals(deleted);
    }

    /** Bytes first, row second, under the row's lock: a crash in between leaves a row GC retries. */
    private boolean deleteBlob(Digest digest, Instant blobCutoff) {
        Boolean deleted = transactions.execute(status -> {
            if (!rows.lockBlob(digest, blobCutoff) || rows.blobLinked(digest)) {
                return false;
            }
            try {
                store.delete(digest);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return rows.deleteBlob(digest) > 0;
        });
        return Boolean.TRUE.equals(deleted);
    }
}
