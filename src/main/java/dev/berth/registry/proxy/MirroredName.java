package dev.berth.registry.proxy;

import dev.berth.oci.RepositoryName;

/**
 * A repository a request addresses, resolved to the upstream it mirrors.
 *
 * @param local  the Berth repository caching it ({@code dockerhub/library/alpine})
 * @param remote the repository's name at the upstream ({@code library/alpine})
 */
public record MirroredName(Upstream upstream, RepositoryName local, String remote) {
}
