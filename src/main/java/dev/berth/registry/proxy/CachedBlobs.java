package dev.berth.registry.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

import org.springframework.stereotype.Service;

import dev.berth.metadata.BlobRows;
import dev.berth.oci.Digest;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.registry.upload.BlobMounts;
import dev.berth.registry.upload.UploadService;

/**
 * Blobs of cached repositories. A blob is fetched once (per deployment: {@link FetchLeases}),
 * verified against its digest while it streams to the first client, and stored and linked exactly
 * as a pushed blob is; everyone else is served from the cache. A digest never changes, so a cached
 * blob is never revalidated. A blob Berth already stores for another repository is linked after a
 * {@code HEAD} confirms the upstream's repository has it, without fetching its bytes again.
 */
@Service
public class CachedBlobs {

    private final BlobRows blobs;
    private final BlobMounts mounts;
    private final UploadService uploads;
    private final UpstreamClient client;
    private final FetchLeases leases;
    private final ProxyMetrics metrics;

    CachedBlobs(BlobRows blobs, BlobMounts mounts, UploadService uploads, UpstreamClient client, FetchLeases leases,
                ProxyMetrics metrics) {
        this.blobs = blobs;
        this.mounts = mounts;
        this.uploads = uploads;
        this.client = client;
        this.leases = leases;
        this.metrics = metrics;
    }

    /**
     * For a {@code HEAD}: the blob's size, from the cache or the upstream, without fetching its
     * bytes (a client that wants them sends a {@code GET}).
     */
    public long stat(MirroredName name, Digest digest) {
        Optional<Long> cached = blobs.linkedSize(name.local(), digest);
        if (cached.isPresent()) {
            metrics.answered(name.upstream(), ProxyMetrics.Outcome.HIT);
            return cached.get();
        }
        long size = upstream(() -> client.headBlob(name, digest));
        if (linkStoredCopy(name, digest)) {
            metrics.answered(name.upstream(), ProxyMetrics.Outcome.HIT);
        }
        return size;
    }

    /**
     * Makes a {@code GET} servable from the cache. When the blob is neither cached nor being
     * fetched, fetches it and streams it to {@code receiver} as it arrives, returning true: the
     * request is answered. False: the blob is cached now; serve it from there.
     *
     * @param stream whether the request may be answered while the blob streams in (not for a {@code Range})
     */
    public boolean fetchUnlessCached(MirroredName name, Digest digest, BlobReceiver receiver, boolean stream) {
        if (blobs.linkedSize(name.local(), digest).isPresent()) {
            metrics.answered(name.upstream(), ProxyMetrics.Outcome.HIT);
            return false;
        }
        return leases.once("blob " + digest,
                () -> blobs.linkedSize(name.local(), digest).map(size -> false),
                lease -> {
                    if (blobs.linkingRepositories(digest, 1).size() > 0) {
                        upstream(() -> client.headBlob(name, digest));
                        if (linkStoredCopy(name, digest)) {
                            metrics.answered(name.upstream(), ProxyMetrics.Outcome.HIT);
                            return false;
                        }
                    }
                    metrics.answered(name.upstream(), ProxyMetrics.Outcome.MISS);
                    fetch(name, digest, stream ? receiver : null, lease);
                    return stream;
                });
    }

    private boolean linkStoredCopy(MirroredName name, Digest digest) {
        return mounts.mountFromAnyReadable(name.local(), digest, repository -> true).isPresent();
    }

    /** Streams the blob from the upstream into the store (and to {@code receiver}, when given). */
    private void fetch(MirroredName name, Digest digest, BlobReceiver receiver, FetchLeases.Lease lease) {
        UpstreamResponse response = upstream(() -> client.openBlob(name, digest));
        boolean stored = false;
        try {
            long declared = response.contentLength();
            OutputStream out = receiver == null ? OutputStream.nullOutputStream() : receiver.start(declared);
            HoldbackTee tee = new HoldbackTee(response.body(), out, declared, bytes -> {
                metrics.fetched(name.upstream(), bytes);
                lease.renew();
            });
            try {
                uploads.upload(name.local(), digest, tee, declared);
            } catch (OciException e) {
                if (e.code() == OciErrorCode.SIZE_INVALID) {
                    throw ProxyErrors.toClient(client.failure(name.upstream(), UpstreamException.Kind.UNREACHABLE,
                            "upstream " + name.upstream().name() + " broke off sending " + digest
                                    + "; nothing was cached"), OciErrorCode.BLOB_UNKNOWN);
                }
                if (e.code() == OciErrorCode.DIGEST_INVALID) {
                    throw ProxyErrors.toClient(client.failure(name.upstream(), UpstreamException.Kind.INVALID_RESPONSE,
                            "upstream " + name.upstream().name() + " sent bytes that do not match " + digest
                                    + "; nothing was cached"), OciErrorCode.BLOB_UNKNOWN);
                }
                throw e;
            } catch (UncheckedIOException e) {
                throw ProxyErrors.toClient(client.failure(name.upstream(), UpstreamException.Kind.UNREACHABLE,
                        "upstream " + name.upstream().name() + " broke off sending " + digest + "; nothing was cached"),
                        OciErrorCode.BLOB_UNKNOWN);
            }
            stored = true;
            tee.release();
        } catch (IOException e) {
            throw new UncheckedIOException("starting the response for " + digest, e);
        } finally {
            if (stored) {
                response.close();
            } else {
                response.abort();
            }
        }
    }

    /** Runs an upstream call, turning its failure into the error a client gets. */
    private <T> T upstream(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (UpstreamException e) {
            throw ProxyErrors.toClient(e, OciErrorCode.BLOB_UNKNOWN);
        }
    }
}
