package dev.berth.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The pull-through cache: upstream registries, each fronted by a Berth namespace of its name.
 *
 * @param upstreams        the registries mirrored; none by default
 * @param defaultUpstream  the upstream that serves names no upstream prefixes and no Berth namespace
 *                         holds (docker's {@code registry-mirrors} sends {@code library/alpine})
 * @param tagTtl           how long a cached tag is answered without asking the upstream
 * @param timeout          how long an upstream may take to connect, to answer, or between two
 *                         chunks of a body, before it counts as down
 * @param fetchLease       how long one replica's claim to fetch something lasts unrenewed: how soon
 *                         another replica takes over a fetch whose replica died
 * @param evictionInterval how often cached images past their upstream's retention or size cap are removed
 */
@ConfigurationProperties("berth.proxy")
public record ProxyProperties(@DefaultValue List<Upstream> upstreams, String defaultUpstream,
                              @DefaultValue("5m") Duration tagTtl, @DefaultValue("10s") Duration timeout,
                              @DefaultValue("30s") Duration fetchLease,
                              @DefaultValue("1h") Duration evictionInterval) {

    /**
     * One upstream registry.
     *
     * @param name         the upstream's name and the Berth namespace fronting it ({@code dockerhub})
     * @param url          its base URL ({@code https://registry-1.docker.io})
     * @param registryHost the registry host it stands for in containerd's {@code ns=} ({@code docker.io});
     *                     defaults to the URL's host ({@code docker.io} for Docker Hub's URL)
     * @param username     optional user name for the upstream
     * @param password     optional password or token for the upstream (never logged)
     * @param tagTtl       overrides {@code berth.proxy.tag-ttl} for this upstream
     * @param retention    cached images not pulled for this long are removed; unset: kept
     * @param maxSize      the most bytes this upstream's cache may hold, least recently pulled going first; unset: no cap
     */
    public record Upstream(String name, URI url, String registryHost, String username, String password,
                           Duration tagTtl, Duration retention, DataSize maxSize) {

        /** Never prints the password (settings get logged). */
        @Override
        public String toString() {
            return "Upstream[name=" + name + ", url=" + url + ", registryHost=" + registryHost + ", username="
                    + username + ", password=" + (password == null ? "null" : "******") + ", tagTtl=" + tagTtl
                    + ", retention=" + retention + ", maxSize=" + maxSize + "]";
        }
    }
}
