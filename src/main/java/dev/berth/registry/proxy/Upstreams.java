package dev.berth.registry.proxy;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.berth.config.ProxyProperties;
import dev.berth.metadata.ProxyRows;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;

/**
 * The configured upstreams, and which one (if any) a request's repository name addresses: by
 * containerd's {@code ns} parameter when it names another host than Berth's, else by the name's
 * first component (the prefix), else, for reads of names no Berth namespace holds, the default upstream. The {@code ns} value is only ever a key into this
 * configuration: Berth never dials a host a client names.
 */
@Component
public class Upstreams {

    private final Map<String, Upstream> byName = new LinkedHashMap<>();
    private final Map<String, Upstream> byRegistryHost = new LinkedHashMap<>();
    private final Upstream defaultUpstream;
    private final Predicate<String> namespaceExists;

    @Autowired
    Upstreams(ProxyProperties properties, ProxyRows rows) {
        this(properties, rows::namespaceExists);
    }

    /** @param namespaceExists whether a Berth namespace of that name exists (so reads of it stay local) */
    Upstreams(ProxyProperties properties, Predicate<String> namespaceExists) {
        this.namespaceExists = namespaceExists;
        for (ProxyProperties.Upstream configured : properties.upstreams()) {
            Upstream upstream = validated(configured, properties);
            if (byName.putIfAbsent(upstream.name(), upstream) != null) {
                throw new IllegalStateException("berth.proxy.upstreams: the name " + upstream.name()
                        + " is used twice");
            }
            if (byRegistryHost.putIfAbsent(upstream.registryHost(), upstream) != null) {
                throw new IllegalStateException("berth.proxy.upstreams: two upstreams stand for the registry host "
                        + upstream.registryHost() + "; set registry-host to tell them apart");
            }
        }
        String named = properties.defaultUpstream();
        if (named != null && !named.isBlank() && !byName.containsKey(named)) {
            throw new IllegalStateException("berth.proxy.default-upstream names " + named
                    + ", which is not one of berth.proxy.upstreams");
        }
        this.defaultUpstream = named == null || named.isBlank() ? null : byName.get(named);
    }

    public List<Upstream> all() {
        return List.copyOf(byName.values());
    }

    public Optional<Upstream> defaultUpstream() {
        return Optional.ofNullable(defaultUpstream);
    }

    /** Whether a namespace fronts an upstream, so takes no pushes. */
    public Optional<Upstream> fronting(String namespace) {
        return Optional.ofNullable(byName.get(namespace));
    }

    /**
     * The upstream a request for {@code requested} addresses, if any.
     *
     * @param ns      containerd's {@code ns} query parameter, or null
     * @param ownHost the host the client reached Berth at ({@code Host}), which an {@code ns} may name too
     * @param read    whether the request only reads: only reads fall through to the default upstream
     * @throws OciException {@code NAME_UNKNOWN} when {@code ns} names no configured upstream
     */
    public Optional<MirroredName> resolve(RepositoryName requested, String ns, String ownHost, boolean read) {
        // containerd names the registry the image is from; the name is then that registry's, whatever
        // its first component: docker.io's repository ghcr/x is not the ghcr upstream's x.
        if (ns != null && !ns.isEmpty() && !ns.equalsIgnoreCase(ownHost)) {
            Upstream upstream = byRegistryHost.get(ns.toLowerCase(java.util.Locale.ROOT));
            if (upstream == null) {
                throw new OciException(OciErrorCode.NAME_UNKNOWN, "no upstream of this registry mirrors "
                        + abbreviate(ns));
            }
            return Optional.of(mirrored(upstream, requested.value()));
        }
        Upstream prefixed = byName.get(requested.namespace());
        if (prefixed != null) {
            String path = requested.value().substring(requested.namespace().length());
            if (path.isEmpty()) {
                throw new OciException(OciErrorCode.NAME_UNKNOWN, "name a repository of the upstream "
                        + prefixed.name() + ": " + prefixed.name() + "/<repository>");
            }
            return Optional.of(mirrored(prefixed, path.substring(1)));
        }
        if (read && defaultUpstream != null && !namespaceExists.test(requested.namespace())) {
            return Optional.of(mirrored(defaultUpstream, requested.value()));
        }
        return Optional.empty();
    }

    /**
     * The cached repositories a token request for {@code name} may be about, besides {@code name}
     * itself: its copies in each upstream's namespace, when a read of {@code name} would not be
     * local (no upstream prefixes it and no Berth namespace holds it).
     */
    public List<RepositoryName> cachedNamesFor(RepositoryName name) {
        List<RepositoryName> names = new ArrayList<>();
        if (byName.isEmpty() || byName.containsKey(name.namespace()) || namespaceExists.test(name.namespace())) {
            return names;
        }
        for (Upstream upstream : byName.values()) {
            String remote = upstream.remoteName(name.value());
            if (RepositoryName.isValid(upstream.name() + "/" + remote)) {
                names.add(upstream.localName(remote));
            }
        }
        return names;
    }

    private static MirroredName mirrored(Upstream upstream, String path) {
        String remote = upstream.remoteName(path);
        if (!RepositoryName.isValid(upstream.name() + "/" + remote)) {
            throw new OciException(OciErrorCode.NAME_INVALID, "the name is too long to cache");
        }
        return new MirroredName(upstream, upstream.localName(remote), remote);
    }

    private static Upstream validated(ProxyProperties.Upstream configured, ProxyProperties properties) {
        String name = configured.name();
        if (name == null || name.isBlank() || name.contains("/") || !RepositoryName.isValid(name)) {
            throw new IllegalStateException("berth.proxy.upstreams: every upstream needs a name that is a valid"
                    + " namespace (one path component, lowercase), not " + name);
        }
        URI url = configured.url();
        if (url == null || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalStateException("berth.proxy.upstreams (" + name + "): url must be an http(s) URL");
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null) {
            throw new IllegalStateException("berth.proxy.upstreams (" + name + "): put credentials in username and"
                    + " password, not in the url; and give the url no query");
        }
        String base = url.toString().replaceAll("/+$", "");
        String registryHost = configured.registryHost() == null || configured.registryHost().isBlank()
                ? Upstream.defaultRegistryHost(url) : configured.registryHost().toLowerCase(java.util.Locale.ROOT);
        Upstream.Credentials credentials = null;
        if (configured.username() != null && !configured.username().isBlank()) {
            credentials = new Upstream.Credentials(configured.username(),
                    configured.password() == null ? "" : configured.password());
        }
        return new Upstream(name, URI.create(base), registryHost, credentials,
                configured.tagTtl() == null ? properties.tagTtl() : configured.tagTtl(), configured.retention(),
                configured.maxSize() == null ? null : configured.maxSize().toBytes());
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("[^A-Za-z0-9.:_-]", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "..." : printable;
    }
}
