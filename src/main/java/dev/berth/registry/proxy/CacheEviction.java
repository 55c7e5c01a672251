package dev.berth.registry.proxy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.metadata.ProxyRows;
import dev.berth.metadata.ProxyRows.CachedManifest;
import dev.berth.metadata.ProxyRows.CachedReference;
import dev.berth.oci.Digest;
import dev.berth.registry.lifecycle.Quotas;

/**
 * Removes cached images by their upstream's rules: those not pulled within {@code retention}, then,
 * while the cache holds more than {@code max-size}, the least recently pulled. An image is a
 * manifest no index of its repository lists, with the children it lists; it is last used when
 * any of them was last pulled. Its blobs are unlinked at once (the namespace's usage drops) and
 * garbage collection frees their bytes after {@code berth.gc.blob-grace}, as for any blob, so a
 * pull still streaming one completes; a pull that starts afterwards fetches it again.
 */
@Component
public class CacheEviction {

    private static final Logger log = LoggerFactory.getLogger(CacheEviction.class);

    /** What one pass removed from one upstream's cache. */
    public record Evicted(String upstream, int images, long bytesBefore, long bytesAfter) {
    }

    private record Image(CachedManifest root, List<CachedManifest> children, Instant lastUsed) {
    }

    private final Upstreams upstreams;
    private final ProxyRows rows;
    private final Quotas quotas;
    private final PullRecorder pulls;
    private final TransactionTemplate transactions;
    private final Clock clock;

    CacheEviction(Upstreams upstreams, ProxyRows rows, Quotas quotas, PullRecorder pulls,
                  TransactionTemplate transactions, Clock clock) {
        this.upstreams = upstreams;
        this.rows = rows;
        this.quotas = quotas;
        this.pulls = pulls;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${berth.proxy.eviction-interval:1h}",
            initialDelayString = "${berth.proxy.eviction-interval:1h}")
    public void scheduled() {
        for (Evicted evicted : evictAll()) {
            if (evicted.images() > 0) {
                log.info("evicted {} cached images of upstream {}: {} -> {} bytes linked", evicted.images(),
                        evicted.upstream(), evicted.bytesBefore(), evicted.bytesAfter());
            }
        }
    }

    /** One pass over every upstream with a retention or a size cap. */
    public List<Evicted> evictAll() {
        pulls.flush();
        List<Evicted> report = new ArrayList<>();
        for (Upstream upstream : upstreams.all()) {
            if (upstream.retention() != null || upstream.maxBytes() != null) {
                report.add(evict(upstream));
            }
        }
        return report;
    }

    private Evicted evict(Upstream upstream) {
        String namespace = upstream.name();
        long before = quotas.usedBytes(namespace);
        List<Image> images = new ArrayList<>(images(namespace));
        images.sort(Comparator.comparing(Image::lastUsed));
        int evicted = 0;
        Instant now = clock.instant();
        List<Image> kept = new ArrayList<>();
        for (Image image : images) {
            if (upstream.retention() != null && image.lastUsed().isBefore(now.minus(upstream.retention()))) {
                evicted += remove(image) ? 1 : 0;
            } else {
                kept.add(image);
            }
        }
        if (upstream.maxBytes() != null) {
            long used = quotas.usedBytes(namespace);
            for (Image image : kept) {
                if (used <= upstream.maxBytes()) {
                    break;
                }
                if (remove(image)) {
                    evicted++;
                    used = quotas.usedBytes(namespace);
                }
            }
        }
        return new Evicted(upstream.name(), evicted, before, quotas.usedBytes(namespace));
    }

    /** The namespace's images: each manifest no index of its repository lists, with what it lists. */
    private List<Image> images(String namespace) {
        List<CachedManifest> manifests = rows.manifestsIn(namespace);
        Map<Long, List<Digest>> childrenById = new HashMap<>();
        Set<String> listed = new HashSet<>();
        Map<Long, Long> repositoryById = new HashMap<>();
        manifests.forEach(m -> repositoryById.put(m.id(), m.repositoryId()));
        for (CachedReference reference : rows.referencesIn(namespace)) {
            if ("child".equals(reference.kind())) {
                childrenById.computeIfAbsent(reference.manifestId(), id -> new ArrayList<>()).add(reference.digest());
                listed.add(repositoryById.get(reference.manifestId()) + " " + reference.digest());
            }
        }
        Map<String, CachedManifest> byKey = new HashMap<>();
        manifests.forEach(m -> byKey.put(m.repositoryId() + " " + m.digest(), m));
        List<Image> images = new ArrayList<>();
        for (CachedManifest manifest : manifests) {
            if (listed.contains(manifest.repositoryId() + " " + manifest.digest())) {
                continue;
            }
            List<CachedManifest> children = new ArrayList<>();
            Instant lastUsed = manifest.lastUsed();
            for (Digest child : childrenById.getOrDefault(manifest.id(), List.of())) {
                CachedManifest present = byKey.get(manifest.repositoryId() + " " + child);
                if (present != null) {
                    children.add(present);
                    lastUsed = present.lastUsed().isAfter(lastUsed) ? present.lastUsed() : lastUsed;
                }
            }
            images.add(new Image(manifest, children, lastUsed));
        }
        return images;
    }

    /** Removes the image unless one of its manifests was pulled since it was chosen. */
    private boolean remove(Image image) {
        Instant unusedSince = image.lastUsed().plusMillis(1);
        Boolean removed = transactions.execute(status -> {
            for (CachedManifest child : image.children()) {
                rows.evict(child.id(), unusedSince);
            }
            if (!rows.evict(image.root().id(), unusedSince)) {
                status.setRollbackOnly();
                return false;
            }
            rows.unlinkUnreferenced(image.root().repositoryId());
            return true;
        });
        return Boolean.TRUE.equals(removed);
    }
}
