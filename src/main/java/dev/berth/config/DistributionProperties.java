package dev.berth.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the OCI Distribution API.
 *
 * @param maxManifestSize largest manifest accepted (413 above it)
 * @param maxPageSize     largest page of tags, catalog entries or referrers one response holds;
 *                        a larger {@code n} is lowered to it and the rest is reached through {@code Link}
 * @param sparseManifests whether an index may be pushed before (or without) the manifests it lists: for
 *                        mirrors and copies that keep only some platforms of a multi-platform image
 */
@ConfigurationProperties("berth.distribution")
public record DistributionProperties(@DefaultValue("4MB") DataSize maxManifestSize,
                                     @DefaultValue("10000") int maxPageSize,
                                     @DefaultValue("false") boolean sparseManifests) {
}
