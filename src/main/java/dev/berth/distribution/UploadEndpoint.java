package dev.berth.distribution;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;

import dev.berth.auth.Caller;
import dev.berth.oci.Digest;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.BlobInfo;
import dev.berth.registry.upload.UploadId;
import dev.berth.registry.upload.BlobMounts;
import dev.berth.registry.upload.UploadService;
import dev.berth.registry.upload.UploadStatus;
import dev.berth.web.RegistryHeaders;

/**
 * The blob upload endpoints: {@code POST /v2/<name>/blobs/uploads/} (session, monolithic, mount)
 * and {@code PATCH}/{@code PUT}/{@code GET}/{@code DELETE} on a session.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-blobs">spec: pushing blobs</a>
 */
@Component
class UploadEndpoint {

    private final UploadService uploads;
    private final BlobMounts mounts;
    private final Locations locations;
    private final DistributionAccess access;

    UploadEndpoint(UploadService uploads, BlobMounts mounts, Locations locations, DistributionAccess access) {
        this.uploads = uploads;
        this.mounts = mounts;
        this.locations = locations;
        this.access = access;
    }

    /**
     * A mount happens only from a repository the caller may pull: {@code from}, or without it any
     * repository holding the blob. Otherwise it becomes a plain session (202), which reveals nothing
     * about what other repositories hold.
     */
    void start(DistributionRoute route, HttpServletRequest request, HttpServletResponse response, Caller caller)
            throws IOException {
        RepositoryName name = route.name();
        QueryParameters query = QueryParameters.of(request);
        String mount = query.first("mount");
        if (mount != null) {
            Digest digest = Digest.parse(mount);
            String from = query.first("from");
            Optional<BlobInfo> mounted;
            if (from == null) {
                mounted = mounts.mountFromAnyReadable(name, digest, source -> access.mayPull(caller, source));
            } else if (RepositoryName.isValid(from) && access.mayPull(caller, RepositoryName.of(from))) {
                mounted = mounts.mount(name, digest, RepositoryName.of(from));
            } else {
                mounted = Optional.empty();
            }
            if (mounted.isPresent()) {
                created(response, name, mounted.get());
                return;
            }
            accepted(response, name, uploads.start(name));
            return;
        }
        String digest = query.first("digest");
        if (digest != null) {
            BlobInfo blob = uploads.upload(name, Digest.parse(digest), request.getInputStream(),
                    request.getContentLengthLong());
            created(response, name, blob);
            return;
        }
        accepted(response, name, uploads.start(name));
    }

    void patch(DistributionRoute route, HttpServletRequest request, HttpServletResponse response) throws IOException {
        UploadId id = new UploadId(route.argument());
        long[] range = contentRange(request.getHeader("Content-Range"));
        UploadStatus status = uploads.append(route.name(), id, range == null ? null : range[0],
                range == null ? null : range[1], request.getInputStream(), request.getContentLengthLong());
        accepted(response, route.name(), status);
    }

    void complete(DistributionRoute route, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        UploadId id = new UploadId(route.argument());
        String digestParameter = QueryParameters.of(request).first("digest");
        if (digestParameter == null) {
            throw new OciException(OciErrorCode.DIGEST_INVALID, "the closing PUT needs ?digest=");
        }
        Digest digest = Digest.parse(digestParameter);
        long[] range = contentRange(request.getHeader("Content-Range"));
        BlobInfo blob = uploads.complete(route.name(), id, digest, range == null ? null : range[0],
                range == null ? null : range[1], request.getInputStream(), request.getContentLengthLong());
        created(response, route.name(), blob);
    }

    void status(DistributionRoute route, HttpServletResponse response) {
        UploadStatus status = uploads.status(route.name(), new UploadId(route.argument()));
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        sessionHeaders(response, route.name(), status);
    }

    void cancel(DistributionRoute route, HttpServletResponse response) {
        uploads.cancel(route.name(), new UploadId(route.argument()));
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private void accepted(HttpServletResponse response, RepositoryName name, UploadStatus status) {
        response.setStatus(HttpServletResponse.SC_ACCEPTED);
        response.setContentLength(0);
        sessionHeaders(response, name, status);
    }

    private void sessionHeaders(HttpServletResponse response, RepositoryName name, UploadStatus status) {
        response.setHeader("Location", locations.upload(name, status.id()));
        response.setHeader(RegistryHeaders.UPLOAD_UUID, status.id().value());
        response.setHeader("Range", RegistryHeaders.uploadRange(status.offset()));
    }

    private void created(HttpServletResponse response, RepositoryName name, BlobInfo blob) {
        response.setStatus(HttpServletResponse.SC_CREATED);
        response.setContentLength(0);
        response.setHeader("Location", locations.blob(name, blob.digest()));
        response.setHeader(RegistryHeaders.CONTENT_DIGEST, blob.digest().toString());
    }

    /**
     * {@code Content-Range: <start>-<end>} as the spec writes it; the {@code bytes } unit and a
     * {@code /<total>} suffix some clients add are tolerated. Null when absent.
     */
    static long[] contentRange(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.startsWith("bytes ")) {
            value = value.substring("bytes ".length()).trim();
        } else if (value.startsWith("bytes=")) {
            value = value.substring("bytes=".length()).trim();
        }
        int slash = value.indexOf('/');
        if (slash >= 0) {
            value = value.substring(0, slash);
        }
        int dash = value.indexOf('-');
        try {
            long start = Long.parseLong(value.substring(0, dash));
            long end = Long.parseLong(value.substring(dash + 1));
            if (start < 0 || end < start - 1) {
                throw new NumberFormatException();
            }
            return new long[] {start, end};
        } catch (RuntimeException e) {
            throw new OciException(OciErrorCode.BLOB_UPLOAD_INVALID,
                    "Content-Range must be <start>-<end>, got " + header.substring(0, Math.min(header.length(), 64)));
        }
    }
}
