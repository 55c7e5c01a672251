package dev.berth.distribution;

import java.util.Optional;

import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;

/**
 * A {@code /v2/<name>/...} path split into the repository name and what is addressed in it. The
 * name is everything before the last marker ({@code blobs}, {@code manifests}, ...), so names may
 * themselves contain those words. The path is used as sent (still percent-encoded), so an encoded
 * slash or dot can never form a name; the name grammar refuses {@code %}.
 *
 * @param argument the digest, reference or upload id after the marker, or null
 */
record DistributionRoute(Kind kind, RepositoryName name, String argument) {

    enum Kind { BLOB, UPLOAD_START, UPLOAD_SESSION, MANIFEST, TAGS, REFERRERS }

    /** The same route in another repository: the one caching what a mirrored name addresses. */
    DistributionRoute in(RepositoryName repository) {
        return new DistributionRoute(kind, repository, argument);
    }

    /** Whether the route only reads, so may be answered from a cached upstream. */
    boolean reads(String method) {
        return ("GET".equals(method) || "HEAD".equals(method)) && kind != Kind.UPLOAD_START
                && kind != Kind.UPLOAD_SESSION;
    }

    /** Parses the part of the path after {@code /v2/}; empty when no endpoint has that shape. */
    static Optional<DistributionRoute> parse(String path) {
        if (path.length() > 2048) {
            throw new OciException(OciErrorCode.NAME_INVALID, "path too long");
        }
        if (path.endsWith("/tags/list")) {
            return of(Kind.TAGS, path.substring(0, path.length() - "/tags/list".length()), null);
        }
        if (path.endsWith("/blobs/uploads/") || path.endsWith("/blobs/uploads")) {
            return of(Kind.UPLOAD_START, path.substring(0, path.lastIndexOf("/blobs/uploads")), null);
        }
        int lastSlash = path.lastIndexOf('/');
        if (lastSlash <= 0) {
            return Optional.empty();
        }
        String last = path.substring(lastSlash + 1);
        String before = path.substring(0, lastSlash);
        int markerSlash = before.lastIndexOf('/');
        if (markerSlash <= 0) {
            return Optional.empty();
        }
        String marker = before.substring(markerSlash + 1);
        String rest = before.substring(0, markerSlash);
        switch (marker) {
            case "manifests":
                return of(Kind.MANIFEST, rest, last);
            case "referrers":
                return of(Kind.REFERRERS, rest, last);
            case "blobs":
                return of(Kind.BLOB, rest, last);
            case "uploads":
                if (rest.endsWith("/blobs")) {
                    return of(Kind.UPLOAD_SESSION, rest.substring(0, rest.length() - "/blobs".length()), last);
                }
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }

    private static Optional<DistributionRoute> of(Kind kind, String name, String argument) {
        return Optional.of(new DistributionRoute(kind, RepositoryName.of(name), argument));
    }
}
