package dev.berth.registry.proxy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.berth.metadata.ProxyRows;
import dev.berth.metadata.ProxyRows.CachedTag;
import dev.berth.oci.Digest;
import dev.berth.oci.DigestAlgorithm;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.Tag;
import dev.berth.registry.manifest.ManifestService;
import dev.berth.registry.manifest.MirroredManifests;

/**
 * Manifests of cached repositories, made present before they are served. By digest: fetched once,
 * never revalidated. By tag: answered from the cache while younger than the upstream's tag TTL;
 * then revalidated with a {@code HEAD}, fetched again only when the upstream's digest moved, and
 * served stale (with a warning) when the upstream cannot say.
 */
@Service
public class CachedManifests {

    /** After a failure this recent, a cached tag is served stale at once rather than after another timeout. */
    private static final Duration RECENT_FAILURE = Duration.ofSeconds(3);

    /** How a manifest request was answered: {@code warning} is set when the answer may be stale. */
    public record Freshness(String warning) {

        static final Freshness CURRENT = new Freshness(null);
    }

    private final ManifestService manifests;
    private final MirroredManifests mirrored;
    private final ProxyRows rows;
    private final UpstreamClient client;
    private final FetchLeases leases;
    private final ProxyMetrics metrics;
    private final UpstreamHealth health;
    private final TransactionTemplate transactions;
    private final Clock clock;

    CachedManifests(ManifestService manifests, MirroredManifests mirrored, ProxyRows rows, UpstreamClient client, FetchLeases leases,
                    ProxyMetrics metrics, UpstreamHealth health, TransactionTemplate transactions, Clock clock) {
        this.health = health;
        this.manifests = manifests;
        this.mirrored = mirrored;
        this.rows = rows;
        this.client = client;
        this.leases = leases;
        this.metrics = metrics;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Makes the manifest present in the cache, or fails with the error the client should see. */
    public Freshness ensure(MirroredName name, Reference reference) {
        if (reference instanceof Reference.ByDigest byDigest) {
            ensureDigest(name, byDigest.digest());
            return Freshness.CURRENT;
        }
        Tag tag = ((Reference.ByTag) reference).tag();
        Optional<CachedTag> cached = rows.cachedTag(name.local(), tag);
        if (cached.isPresent() && isFresh(name.upstream(), cached.get())) {
            metrics.answered(name.upstream(), ProxyMetrics.Outcome.HIT);
            return Freshness.CURRENT;
        }
        if (cached.isPresent() && health.downWithin(name.upstream(), RECENT_FAILURE)) {
            metrics.answered(name.upstream(), ProxyMetrics.Outcome.STALE);
            return stale(name.upstream().name() + " failed moments ago: " + health.of(name.upstream()).lastError());
        }
        try {
            return leases.once("tag " + name.local() + ":" + tag,
                    () -> rows.cachedTag(name.local(), tag).filter(now -> now.revalidatedAt() != null
                            && cached.map(before -> !now.revalidatedAt().equals(before.revalidatedAt())).orElse(true)
                            && isFresh(name.upstream(), now)).map(now -> Freshness.CURRENT),
                    lease -> revalidate(name, tag, rows.cachedTag(name.local(), tag)));
        } catch (UpstreamException e) {
            if (cached.isPresent() && e.kind().servesStale()) {
                metrics.answered(name.upstream(), ProxyMetrics.Outcome.STALE);
                return stale(e.getMessage());
            }
            throw ProxyErrors.toClient(e, OciErrorCode.MANIFEST_UNKNOWN);
        }
    }

    private static Freshness stale(String why) {
        return new Freshness("110 - \"served from cache, maybe stale: " + why.replace('"', '\'') + "\"");
    }

    private boolean isFresh(Upstream upstream, CachedTag tag) {
        return tag.revalidatedAt() != null
                && Duration.between(tag.revalidatedAt(), clock.instant()).compareTo(upstream.tagTtl()) < 0;
    }

    private Freshness revalidate(MirroredName name, Tag tag, Optional<CachedTag> cached) {
        if (cached.isPresent()) {
            UpstreamClient.RemoteManifest head = headOrNull(name, tag);
            if (head != null && head.digest().equals(cached.get().digest())) {
                markRevalidated(cached.get().repositoryId(), tag);
                metrics.answered(name.upstream(), ProxyMetrics.Outcome.REVALIDATED);
                return Freshness.CURRENT;
            }
            if (head != null) {
                fetch(name, tag, head.digest().toString(), head.digest());
                metrics.answered(name.upstream(), ProxyMetrics.Outcome.MISS);
                return Freshness.CURRENT;
            }
        }
        fetch(name, tag, tag.value(), null);
        metrics.answered(name.upstream(), ProxyMetrics.Outcome.MISS);
        return Freshness.CURRENT;
    }

    /** A {@code HEAD}'s answer, or null when the upstream gave no digest (then a {@code GET} tells). */
    private UpstreamClient.RemoteManifest headOrNull(MirroredName name, Tag tag) {
        try {
            return client.headManifest(name, tag.value());
        } catch (UpstreamException e) {
            if (e.kind() == UpstreamException.Kind.INVALID_RESPONSE) {
                return null;
            }
            throw e;
        }
    }

    private void ensureDigest(MirroredName name, Digest digest) {
        if (manifests.contains(name.local(), digest)) {
            metrics.answered(name.upstream(), ProxyMetrics.Outcome.HIT);
            return;
        }
        try {
            leases.once("manifest " + name.local() + "@" + digest,
                    () -> manifests.contains(name.local(), digest) ? Optional.of(true) : Optional.empty(),
                    lease -> {
                        fetch(name, null, digest.toString(), digest);
                        metrics.answered(name.upstream(), ProxyMetrics.Outcome.MISS);
                        return true;
                    });
        } catch (UpstreamException e) {
            throw ProxyErrors.toClient(e, OciErrorCode.MANIFEST_UNKNOWN);
        }
    }

    /**
     * Fetches the manifest by {@code reference} and caches it, under {@code tag} when given. Its
     * digest must be {@code expected} when known, else the one the upstream names (or sha256 of the
     * bytes when it names none).
     */
    private void fetch(MirroredName name, Tag tag, String reference, Digest expected) {
        UpstreamClient.RemoteManifest remote = client.getManifest(name, reference, manifests.maxManifestSize());
        Digest digest = expected != null ? expected : remote.digest() != null ? remote.digest()
                : Digest.compute(DigestAlgorithm.SHA256, remote.payload());
        if (remote.digest() != null && !remote.digest().equals(digest)) {
            throw client.failure(name.upstream(), UpstreamException.Kind.INVALID_RESPONSE, "upstream "
                    + name.upstream().name() + " named " + remote.digest() + " for " + digest + "; nothing was cached");
        }
        try {
            mirrored.store(name.local(), tag, digest, remote.mediaType(), remote.payload());
        } catch (OciException e) {
            throw client.failure(name.upstream(), UpstreamException.Kind.INVALID_RESPONSE, "upstream "
                    + name.upstream().name() + " sent a manifest Berth cannot cache: " + e.detail());
        }
        if (tag != null) {
            rows.cachedTag(name.local(), tag).ifPresent(now -> markRevalidated(now.repositoryId(), tag));
        }
    }

    private void markRevalidated(long repositoryId, Tag tag) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> rows.markRevalidated(repositoryId, tag, now));
    }
}
