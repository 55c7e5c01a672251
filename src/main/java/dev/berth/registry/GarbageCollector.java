package dev.berth.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
import dev.berth.metadata.GcQueries;
import dev.berth.metadata.NativeValues;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
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

    private final GcQueries queries;
    private final BlobStore store;
    private final UploadPurger uploads;
    private final TransactionTemplate transactions;
    private final GcProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final RetentionPolicies retention;
    private final String holder = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);

    GarbageCollector(GcQueries queries, BlobStore store, UploadPurger uploads, TransactionTemplate transactions,
                     GcProperties properties, Clock clock, ApplicationEventPublisher events,
                     RetentionPolicies retention) {
        this.events = events;
        this.retention = retention;
        this.queries = queries;
        this.store = store;
        this.uploads = uploads;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Collects now; empty when another replica (or thread) is collecting.
     *
     * @param dryRun report what would go, remove nothing
     * @param trigger who asked: {@code schedule} or {@code api}
     */
    public Optional<GcReport> collect(boolean dryRun, String trigger) {
        Instant startedAt = clock.instant();
        Integer acquired = transactions.execute(status -> queries.acquire(holder, startedAt, startedAt.plus(LEASE)));
        if (acquired == null || acquired == 0) {
            return Optional.empty();
        }
        try {
            Counts counts = run(dryRun);
            GcReport report = new GcReport(startedAt, clock.instant(), dryRun, trigger, counts.tags, counts.manifests,
                    counts.links, counts.blobs, counts.bytes, counts.uploads);
            transactions.executeWithoutResult(status -> queries.recordRun(report.startedAt(), report.finishedAt(),
                    dryRun, trigger, report.tagsDeleted(), report.manifestsDeleted(), report.linksDeleted(), report.blobsDeleted(),
                    report.bytesFreed(), report.uploadsPurged()));
            events.publishEvent(report);
            log.info("garbage collection{} ({}): {} tags, {} manifests, {} links, {} blobs ({} bytes), {} uploads",
                    dryRun ? " dry run" : "", trigger, report.tagsDeleted(), report.manifestsDeleted(), report.linksDeleted(),
                    report.blobsDeleted(), report.bytesFreed(), report.uploadsPurged());
            return Optional.of(report);
        } finally {
            transactions.executeWithoutResult(status -> queries.release(holder, clock.instant()));
        }
    }

    /** The latest collections, newest first. */
    public List<GcReport> recent(int limit) {
        List<GcReport> reports = new ArrayList<>();
        for (Object[] row : queries.recentRuns(limit)) {
            reports.add(new GcReport(NativeValues.instant(row[0]), NativeValues.instant(row[1]), (Boolean) row[2], (String) row[3],
                    NativeValues.number(row[9]), NativeValues.number(row[4]), NativeValues.number(row[5]), NativeValues.number(row[6]), NativeValues.number(row[7]), NativeValues.number(row[8])));
        }
        return reports;
    }

    private static final class Counts {
        long tags;
        long manifests;
        long links;
        long blobs;
        long bytes;
        long uploads;
    }

    private Counts run(boolean dryRun) {
        Instant now = clock.instant();
        Instant untaggedCutoff = now.minus(properties.untaggedGrace());
        Instant blobCutoff = now.minus(properties.blobGrace());
        Counts counts = new Counts();
        Set<String> linksPlannedAway = new HashSet<>();   // "repositoryId digest", for the dry run's blob count
        // Retention first; a dry run only remembers which tags would go, for the mark phase to ignore.
        Map<Long, Set<String>> tagsPlannedAway = new HashMap<>();
        for (Object[] repository : retention.repositories()) {
            long repositoryId = NativeValues.number(repository[0]);
            RepositoryName name = RepositoryName.of((String) repository[1]);
            for (RetentionPolicies.Expired tag : retention.expired(repositoryId, name, now)) {
                if (dryRun) {
                    tagsPlannedAway.computeIfAbsent(repositoryId, id -> new HashSet<>()).add(tag.name());
                    counts.tags++;
                } else if (Boolean.TRUE.equals(transactions.execute(status -> retention.remove(repositoryId, name, tag)))) {
                    counts.tags++;
                }
            }
        }
        for (long repositoryId : queries.repositoryIds()) {
            RepositoryPlan plan = plan(repositoryId, untaggedCutoff, blobCutoff,
                    tagsPlannedAway.getOrDefault(repositoryId, Set.of()));
            for (PlannedManifest manifest : plan.manifests) {
                if (dryRun || deleteManifest(repositoryId, manifest)) {
                    counts.manifests++;
                }
            }
            for (String digest : plan.links) {
                if (dryRun || deleteLink(repositoryId, digest, blobCutoff)) {
                    counts.links++;
                    linksPlannedAway.add(repositoryId + " " + digest);
                }
            }
        }
        Set<String> stillLinked = new HashSet<>(queries.linkedDigests());
        if (dryRun) {
            stillLinked = remainingAfter(linksPlannedAway);
        }
        for (Object[] blob : queries.blobsTouchedBefore(blobCutoff)) {
            String digest = (String) blob[0];
            if (stillLinked.contains(digest)) {
                continue;
            }
            long size = NativeValues.number(blob[1]);
            if (dryRun || deleteBlob(digest, blobCutoff)) {
                counts.blobs++;
                counts.bytes += size;
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

    private Set<String> remainingAfter(Set<String> linksPlannedAway) {
        Map<String, Integer> remaining = new HashMap<>();
        for (long repositoryId : queries.repositoryIds()) {
            for (Object[] link : queries.links(repositoryId)) {
                String digest = (String) link[0];
                if (!linksPlannedAway.contains(repositoryId + " " + digest)) {
                    remaining.merge(digest, 1, Integer::sum);
                }
            }
        }
        return remaining.keySet();
    }

    private record PlannedManifest(long id, String digest) {
    }

    private record RepositoryPlan(List<PlannedManifest> manifests, List<String> links) {
    }

    /** What of one repository is no longer reachable, from a consistent-enough read of it. */
    private RepositoryPlan plan(long repositoryId, Instant untaggedCutoff, Instant blobCutoff,
                                Set<String> tagsPlannedAway) {
        Map<Long, String> digestById = new HashMap<>();
        Map<String, Long> idByDigest = new HashMap<>();
        Map<String, List<Long>> referrersBySubject = new HashMap<>();
        Set<Long> live = new HashSet<>();
        if (tagsPlannedAway.isEmpty()) {
            live.addAll(queries.taggedManifestIds(repositoryId));
        } else {
            for (Object[] tag : retention.tags(repositoryId)) {
                if (!tagsPlannedAway.contains((String) tag[0])) {
                    live.add(NativeValues.number(tag[1]));
                }
            }
        }
        for (Object[] row : queries.manifests(repositoryId)) {
            long id = NativeValues.number(row[0]);
            String digest = (String) row[1];
            digestById.put(id, digest);
            idByDigest.put(digest, id);
            if (!properties.deleteUntagged() || NativeValues.instant(row[2]).isAfter(untaggedCutoff)) {
                live.add(id);
            }
            if (row[3] != null) {
                referrersBySubject.computeIfAbsent((String) row[3], subject -> new ArrayList<>()).add(id);
            }
        }
        Map<Long, List<String>> children = new HashMap<>();
        Map<Long, List<String>> blobs = new HashMap<>();
        for (Object[] row : queries.references(repositoryId)) {
            long manifestId = NativeValues.number(row[0]);
            String kind = (String) row[2];
            if ("child".equals(kind)) {
                children.computeIfAbsent(manifestId, id -> new ArrayList<>()).add((String) row[1]);
            } else if ("config".equals(kind) || "layer".equals(kind)) {
                blobs.computeIfAbsent(manifestId, id -> new ArrayList<>()).add((String) row[1]);
            }
        }
        // Everything a live manifest reaches is live: its children, and what refers to it.
        Deque<Long> pending = new ArrayDeque<>(live);
        while (!pending.isEmpty()) {
            long id = pending.pop();
            List<Long> reached = new ArrayList<>();
            for (String child : children.getOrDefault(id, List.of())) {
                Long childId = idByDigest.get(child);
                if (childId != null) {
                    reached.add(childId);
                }
            }
            reached.addAll(referrersBySubject.getOrDefault(digestById.get(id), List.of()));
            for (long next : reached) {
                if (live.add(next)) {
                    pending.push(next);
                }
            }
        }
        List<PlannedManifest> deadManifests = new ArrayList<>();
        Set<String> referencedBlobs = new HashSet<>();
        for (Map.Entry<Long, String> manifest : digestById.entrySet()) {
            if (live.contains(manifest.getKey())) {
                referencedBlobs.addAll(blobs.getOrDefault(manifest.getKey(), List.of()));
            } else {
                deadManifests.add(new PlannedManifest(manifest.getKey(), manifest.getValue()));
            }
        }
        List<String> deadLinks = new ArrayList<>();
        for (Object[] link : queries.links(repositoryId)) {
            String digest = (String) link[0];
            if (!referencedBlobs.contains(digest) && NativeValues.instant(link[1]).isBefore(blobCutoff)) {
                deadLinks.add(digest);
            }
        }
        return new RepositoryPlan(deadManifests, deadLinks);
    }

    private boolean deleteManifest(long repositoryId, PlannedManifest manifest) {
        Boolean deleted = transactions.execute(status -> {
            if (queries.lockManifest(manifest.id()).isEmpty()
                    || queries.manifestKeepers(manifest.id(), repositoryId, manifest.digest()) > 0) {
                return false;
            }
            return queries.deleteManifest(manifest.id()) > 0;
        });
        return Boolean.TRUE.equals(deleted);
    }

    private boolean deleteLink(long repositoryId, String digest, Instant blobCutoff) {
        Boolean deleted = transactions.execute(status -> {
            if (queries.lockLink(repositoryId, digest, blobCutoff).isEmpty()
                    || queries.linkReferences(repositoryId, digest) > 0) {
                return false;
            }
            return queries.deleteLink(repositoryId, digest) > 0;
        });
        return Boolean.TRUE.equals(deleted);
    }

    /** Bytes first, row second, under the row's lock: a crash in between leaves a row GC retries. */
    private boolean deleteBlob(String digest, Instant blobCutoff) {
        Boolean deleted = transactions.execute(status -> {
            if (queries.lockBlob(digest, blobCutoff).isEmpty() || queries.blobLinks(digest) > 0) {
                return false;
            }
            try {
                store.delete(Digest.parse(digest));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return queries.deleteBlob(digest) > 0;
        });
        return Boolean.TRUE.equals(deleted);
    }


}
