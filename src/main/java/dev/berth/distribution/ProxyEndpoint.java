package dev.berth.distribution;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;

import dev.berth.oci.Digest;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.registry.proxy.BlobReceiver;
import dev.berth.registry.proxy.CachedBlobs;
import dev.berth.registry.proxy.CachedManifests;
import dev.berth.registry.proxy.CachedTags;
import dev.berth.registry.proxy.MirroredName;
import dev.berth.registry.proxy.PullRecorder;
import dev.berth.web.RegistryHeaders;

/**
 * Reads of a cached namespace: the cache makes the manifest or blob present (fetching it from the
 * upstream, or streaming a blob to this client while it is stored), then the usual endpoints serve
 * it from the cache, byte for byte as the upstream has it. A possibly stale answer carries a
 * {@code Warning} header. Writes never reach here: {@link DistributionController} refuses them.
 */
@Component
class ProxyEndpoint {

    private final CachedManifests cachedManifests;
    private final CachedBlobs cachedBlobs;
    private final PullRecorder pulls;
    private final CachedTags cachedTags;
    private final ManifestEndpoint manifests;
    private final BlobEndpoint blobs;
    private final ListingEndpoint listings;

    ProxyEndpoint(CachedManifests cachedManifests, CachedBlobs cachedBlobs, CachedTags cachedTags, PullRecorder pulls,
                  ManifestEndpoint manifests, BlobEndpoint blobs, ListingEndpoint listings) {
        this.cachedManifests = cachedManifests;
        this.cachedBlobs = cachedBlobs;
        this.pulls = pulls;
        this.cachedTags = cachedTags;
        this.manifests = manifests;
        this.blobs = blobs;
        this.listings = listings;
    }

    /** Answers a read of {@code route}, which addresses {@code mirrored.local()}. */
    void read(DistributionRoute route, MirroredName mirrored, HttpServletRequest request,
              HttpServletResponse response) throws IOException {
        switch (route.kind()) {
            case MANIFEST -> manifest(route, mirrored, request, response);
            case BLOB -> blob(route, mirrored, request, response);
            case TAGS -> listings.tags(route, request, response, page -> {
                CachedTags.Listed listed = cachedTags.list(mirrored, page);
                if (listed.stale()) {
                    response.setHeader("Warning", "110 - \"the cached tags: upstream " + mirrored.upstream().name()
                            + " did not answer\"");
                }
                return listed.page();
            });
            case REFERRERS -> listings.referrers(route, request, response);
            default -> throw new OciException(OciErrorCode.UNSUPPORTED, "not supported on a cached namespace");
        }
    }

    private void manifest(DistributionRoute route, MirroredName mirrored, HttpServletRequest request,
                          HttpServletResponse response) throws IOException {
        Reference reference = ManifestEndpoint.existingReference(route.argument());
        CachedManifests.Freshness freshness = cachedManifests.ensure(mirrored, reference);
        if (freshness.warning() != null) {
            response.setHeader("Warning", freshness.warning());
        }
        Digest served = manifests.get(route, request, response);
        pulls.pulled(mirrored, served);
    }

    private void blob(DistributionRoute route, MirroredName mirrored, HttpServletRequest request,
                      HttpServletResponse response) throws IOException {
        Digest digest = Digest.parse(route.argument());
        if ("HEAD".equals(request.getMethod())) {
            long size = cachedBlobs.stat(mirrored, digest);
            response.setContentType("application/octet-stream");
            if (size >= 0) {
                response.setContentLengthLong(size);
            }
            response.setHeader(RegistryHeaders.CONTENT_DIGEST, digest.toString());
            response.setHeader("ETag", "\"" + digest + "\"");
            return;
        }
        boolean whole = request.getHeader("Range") == null && request.getHeader("If-None-Match") == null;
        BlobReceiver receiver = size -> {
            response.setContentType("application/octet-stream");
            if (size >= 0) {
                response.setContentLengthLong(size);
            }
            response.setHeader(RegistryHeaders.CONTENT_DIGEST, digest.toString());
            response.setHeader("ETag", "\"" + digest + "\"");
            response.flushBuffer();
            return response.getOutputStream();
        };
        if (!cachedBlobs.fetchUnlessCached(mirrored, digest, receiver, whole)) {
            blobs.get(route, request, response);
        }
    }
}
