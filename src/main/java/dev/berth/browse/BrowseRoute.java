package dev.berth.browse;

import java.util.Optional;

import dev.berth.oci.RepositoryName;

/**
 * A path under {@code /api/v1/repositories/} split into the repository name (which holds slashes)
 * and what is addressed in it: {@code <name>}, {@code <name>/tags}, {@code <name>/tags/<tag>},
 * {@code <name>/manifests/<reference>}. The last marker wins, so names may contain the words.
 */
record BrowseRoute(Kind kind, RepositoryName name, String argument) {

    enum Kind { REPOSITORY, TAGS, TAG, MANIFEST }

    static Optional<BrowseRoute> parse(String path) {
        if (path.isEmpty() || path.length() > 1024) {
            return Optional.empty();
        }
        if (path.endsWith("/tags")) {
            return of(Kind.TAGS, path.substring(0, path.length() - "/tags".length()), null);
        }
        int manifests = path.lastIndexOf("/manifests/");
        int tags = path.lastIndexOf("/tags/");
        if (manifests > 0 && manifests > tags) {
            return of(Kind.MANIFEST, path.substring(0, manifests), path.substring(manifests + "/manifests/".length()));
        }
        if (tags > 0) {
            return of(Kind.TAG, path.substring(0, tags), path.substring(tags + "/tags/".length()));
        }
        return of(Kind.REPOSITORY, path, null);
    }

    private static Optional<BrowseRoute> of(Kind kind, String name, String argument) {
        if (!RepositoryName.isValid(name) || (argument != null && (argument.isEmpty() || argument.contains("/")))) {
            return Optional.empty();
        }
        return Optional.of(new BrowseRoute(kind, RepositoryName.of(name), argument));
    }
}
