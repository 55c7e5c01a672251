package dev.berth.registry.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import dev.berth.oci.RepositoryName;

/**
 * One upstream registry, as configured and checked at start.
 *
 * @param name         the upstream's name and the Berth namespace that fronts it
 * @param baseUrl      its base URL, without a trailing slash
 * @param registryHost the registry host it stands for ({@code docker.io}): containerd's {@code ns=}
 * @param credentials  what Berth logs in with, or null for anonymous pulls
 * @param retention    cached images not pulled for this long go; null: kept
 * @param maxBytes     the most bytes its cache may hold; null: no cap
 */
public record Upstream(String name, URI baseUrl, String registryHost, Credentials credentials, Duration tagTtl,
                       Duration retention, Long maxBytes) {

    /** Docker Hub's registry host, whose one-part names mean {@code library/<name>}. */
    static final String DOCKER_HUB = "docker.io";

    /** A user name and secret for the upstream; the secret never leaves this record's holder. */
    public record Credentials(String username, String password) {

        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=******]";
        }
    }

    /**
     * The repository's name at the upstream for {@code path} (what follows the namespace): Docker
     * Hub's official images are {@code library/<name>}, and clients may leave the prefix out.
     */
    String remoteName(String path) {
        if (DOCKER_HUB.equals(registryHost) && path.indexOf('/') < 0) {
            return "library/" + path;
        }
        return path;
    }

    /** The Berth repository caching {@code remoteName}. */
    RepositoryName localName(String remoteName) {
        return RepositoryName.of(name + "/" + remoteName);
    }

    /** The host a URL names, as containerd's {@code ns} names it: Docker Hub's API host is {@code docker.io}. */
    static String defaultRegistryHost(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("registry-1.docker.io") || host.equals("index.docker.io")) {
            return DOCKER_HUB;
        }
        return url.getPort() < 0 ? host : host + ":" + url.getPort();
    }

    @Override
    public String toString() {
        return "Upstream[name=" + name + ", url=" + baseUrl + ", registryHost=" + registryHost + ", credentials="
                + (credentials == null ? "none" : credentials) + ", tagTtl=" + tagTtl + ", retention=" + retention
                + ", maxBytes=" + maxBytes + "]";
    }
}
