package dev.berth.registry.gc;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.berth.metadata.GcRows;
import dev.berth.metadata.GcRows.BlobLink;
import dev.berth.metadata.GcRows.ManifestNode;
import dev.berth.metadata.GcRows.ManifestReference;
import dev.berth.metadata.ReferenceKind;
import dev.berth.metadata.TagRows;
import dev.berth.oci.Digest;

/**
 * The mark phase for one repository: what is no longer reachable, from a consistent-enough read
 * of it. A manifest is live when tagged, younger than the untagged grace (or untagged manifests
 * are kept), listed by a live index, or referring (by {@code subject}) to a live manifest; a
 * link is dead when no live manifest of the repository references its blob and it is older than
 * the blob grace. The sweep re-checks each of these under a lock before it deletes.
 */
final class ReachabilityPlan {

    /** A manifest to remove. */
    record DeadManifest(long id, Digest digest) {
    }

    /** What of one repository may go. */
    record Plan(List<DeadManifest> manifests, List<Digest> links) {
    }

    private final GcRows rows;
    private final TagRows tags;

    ReachabilityPlan(GcRows rows, TagRows tags) {
        this.rows = rows;
        this.tags = tags;
    }

    /**
     * @param keepUntagged     whether untagged manifests are kept regardless of age
     * @param tagsPlannedAway  tags a dry run's retention would remove, which therefore keep nothing
     */
    Plan plan(long repositoryId, boolean keepUntagged, Instant untaggedCutoff, Instant blobCutoff,
              Set<String> tagsPlannedAway) {
        Set<Long> live = new HashSet<>();
        if (tagsPlannedAway.isEmpty()) {
            live.addAll(rows.taggedManifestIds(repositoryId));
        } else {
            tags.newestFirst(repositoryId).stream().filter(tag -> !tagsPlannedAway.contains(tag.name()))
                    .forEach(tag -> live.add(tag.manifestId()));
        }
        Map<Long, Digest> digestById = new HashMap<>();
        Map<Digest, Long> idByDigest = new HashMap<>();
        Map<Digest, List<Long>> referrersBySubject = new HashMap<>();
        for (ManifestNode manifest : rows.manifests(repositoryId)) {
            digestById.put(manifest.id(), manifest.digest());
            idByDigest.put(manifest.digest(), manifest.id());
            if (keepUntagged || manifest.createdAt().isAfter(untaggedCutoff)) {
                live.add(manifest.id());
            }
            if (manifest.subject() != null) {
                referrersBySubject.computeIfAbsent(manifest.subject(), subject -> new ArrayList<>()).add(manifest.id());
            }
        }
        Map<Long, List<Digest>> children = new HashMap<>();
        Map<Long, List<Digest>> blobs = new HashMap<>();
        for (ManifestReference reference : rows.references(repositoryId)) {
            if (reference.kind() == ReferenceKind.CHILD) {
                children.computeIfAbsent(reference.manifestId(), id -> new ArrayList<>()).add(reference.digest());
            } else if (reference.kind() == ReferenceKind.CONFIG || reference.kind() == ReferenceKind.LAYER) {
                blobs.computeIfAbsent(reference.manifestId(), id -> new ArrayList<>()).add(reference.digest());
            }
        }
        markReachable(live, digestById, idByDigest, referrersBySubject, children);
        List<DeadManifest> deadManifests = new ArrayList<>();
        Set<Digest> referencedBlobs = new HashSet<>();
        for (Map.Entry<Long, Digest> manifest : digestById.entrySet()) {
            if (live.contains(manifest.getKey())) {
                referencedBlobs.addAll(blobs.getOrDefault(manifest.getKey(), List.of()));
            } else {
                deadManifests.add(new DeadManifest(manifest.getKey(), manifest.getValue()));
            }
        }
        List<Digest> deadLinks = new ArrayList<>();
        for (BlobLink link : rows.links(repositoryId)) {
            if (!referencedBlobs.contains(link.digest()) && link.linkedAt().isBefore(blobCutoff)) {
                deadLinks.add(link.digest());
            }
        }
        return new Plan(deadManifests, deadLinks);
    }

    /** Everything a live manifest reaches is live: its children, and what refers to it. */
    private static void markReachable(Set<Long> live, Map<Long, Digest> digestById, Map<Digest, Long> idByDigest,
                                      Map<Digest, List<Long>> referrersBySubject, Map<Long, List<Digest>> children) {
        Deque<Long> pending = new ArrayDeque<>(live);
        while (!pending.isEmpty()) {
            long id = pending.pop();
            List<Long> reached = new ArrayList<>();
            for (Digest child : children.getOrDefault(id, List.of())) {
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
    }
}
