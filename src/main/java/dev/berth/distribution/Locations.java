package dev.berth.distribution;

import java.net.URI;

import org.springframework.stereotype.Component;

import dev.berth.config.BerthProperties;
import dev.berth.oci.Digest;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.upload.UploadId;

/**
 * Builds {@code Location} headers the same way every time: absolute under {@code berth.external-url}
 * when it is set, otherwise relative, so a client resolves them against the URL it already uses (and
 * never gets sent to another host or from https to http).
 */
@Component
class Locations {

    private final String base;

    Locations(BerthProperties properties) {
        URI external = properties.externalUrl();
        String url = external == null ? "" : external.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    String upload(RepositoryName name, UploadId id) {
        return base + "/v2/" + name + "/blobs/uploads/" + id;
    }

    String blob(RepositoryName name, Digest digest) {
        return base + "/v2/" + name + "/blobs/" + digest;
    }

    String manifest(RepositoryName name, Digest digest) {
        return base + "/v2/" + name + "/manifests/" + digest;
    }

    /** Path-only link for {@code Link} headers of paged listings. */
    String path(String pathAndQuery) {
        return base + pathAndQuery;
    }
}
