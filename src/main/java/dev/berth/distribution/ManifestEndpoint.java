package dev.berth.distribution;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;

import dev.berth.auth.AuditLog;
import dev.berth.auth.Caller;
import dev.berth.events.PullEvents;
import dev.berth.oci.Digest;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.Tag;
import dev.berth.registry.manifest.ManifestContent;
import dev.berth.registry.manifest.ManifestService;
import dev.berth.registry.manifest.ManifestSummary;
import dev.berth.registry.manifest.PushedManifest;
import dev.berth.web.RegistryHeaders;

/**
 * {@code GET}, {@code HEAD}, {@code PUT} and {@code DELETE /v2/<name>/manifests/<reference>}. The
 * stored bytes are served unchanged with the media type they were pushed with, whatever the
 * client's {@code Accept} says; {@code HEAD} and {@code GET} agree on every header.
 */
@Component
class ManifestEndpoint {

    private final ManifestService manifests;
    private final Locations locations;

    private final DistributionAccess access;
    private final AuditLog audit;
    private final PullEvents pulls;

    ManifestEndpoint(ManifestService manifests, Locations locations, DistributionAccess access, AuditLog audit,
                     PullEvents pulls) {
        this.pulls = pulls;
        this.manifests = manifests;
        this.locations = locations;
        this.access = access;
        this.audit = audit;
    }

    /** Serves the manifest; returns its digest. */
    Digest get(DistributionRoute route, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Reference reference = existingReference(route.argument());
        if ("HEAD".equals(request.getMethod())) {
            ManifestSummary summary = manifests.head(route.name(), reference);
            writeHeaders(response, summary.digest().toString(), summary.mediaType(), summary.size());
            return summary.digest();
        }
        ManifestContent content = manifests.get(route.name(), reference);
        String etag = "\"" + content.digest() + "\"";
        writeHeaders(response, content.digest().toString(), content.mediaType(), content.payload().length);
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return content.digest();
        }
        response.getOutputStream().write(content.payload());
        pulls.pulled(route.name().value(), content.digest().toString(), content.mediaType(), content.payload().length,
                route.argument());
        return content.digest();
    }

    void put(DistributionRoute route, HttpServletRequest request, HttpServletResponse response, Caller caller)
            throws IOException {
        Reference reference = Reference.parse(route.argument());
        List<Tag> extraTags = new ArrayList<>();
        for (String tag : QueryParameters.of(request).all("tag")) {
            extraTags.add(Tag.of(tag));
        }
        PushedManifest pushed;
        try {
            pushed = manifests.put(route.name(), reference, request.getInputStream(), request.getContentType(),
                    extraTags, () -> access.mayMoveTags(caller, route.name()));
        } catch (OciException e) {
            if (e.code() == OciErrorCode.DENIED) {
                // Moving a tag without the right is a denial like any other: the trail must show it.
                audit.record(caller.displayName(), "push", route.name() + ":" + route.argument(),
                        AuditLog.Outcome.DENIED, e.detail());
            }
            throw e;
        }
        audit.record(caller.displayName(), "push", route.name() + "@" + pushed.digest(), AuditLog.Outcome.SUCCESS,
                pushed.tags().isEmpty() ? null : "tags " + pushed.tags());
        response.setStatus(HttpServletResponse.SC_CREATED);
        response.setContentLength(0);
        response.setHeader("Location", locations.manifest(route.name(), pushed.digest()));
        response.setHeader(RegistryHeaders.CONTENT_DIGEST, pushed.digest().toString());
        if (pushed.subject() != null) {
            response.setHeader(RegistryHeaders.OCI_SUBJECT, pushed.subject().toString());
        }
        for (Tag tag : extraTags) {
            response.addHeader(RegistryHeaders.OCI_TAG, tag.value());
        }
    }

    void delete(DistributionRoute route, HttpServletResponse response, Caller caller) {
        Reference reference = existingReference(route.argument());
        manifests.delete(route.name(), reference);
        audit.record(caller.displayName(), "delete", route.name() + (reference instanceof Reference.ByTag ? ":" : "@")
                + route.argument(), AuditLog.Outcome.SUCCESS, null);
        response.setStatus(HttpServletResponse.SC_ACCEPTED);
        response.setContentLength(0);
    }

    /** A reference to read or delete: a malformed tag cannot name anything stored, so it is unknown (404). */
    static Reference existingReference(String value) {
        if (!Digest.looksLikeDigest(value) && !Tag.isValid(value)) {
            throw new OciException(OciErrorCode.MANIFEST_UNKNOWN, "no manifest is tagged " + value);
        }
        return Reference.parse(value);
    }

    private static void writeHeaders(HttpServletResponse response, String digest, String mediaType, long size) {
        response.setContentType(mediaType);
        response.setContentLengthLong(size);
        response.setHeader(RegistryHeaders.CONTENT_DIGEST, digest);
        response.setHeader("ETag", "\"" + digest + "\"");
    }
}
