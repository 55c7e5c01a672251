package dev.berth.registry.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Service;

import dev.berth.registry.Page;
import dev.berth.registry.PageRequest;
import dev.berth.registry.Repositories;
import dev.berth.metadata.ManifestRows;
import dev.berth.metadata.ManifestRows.ManifestRow;
import dev.berth.metadata.TagRows;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Manifest;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.OciException;
import dev.berth.oci.RepositoryName;

/**
 * The referrers of a manifest: manifests whose {@code subject} is it, plus those that older clients
 * listed in an index tagged {@code <alg>-<hex>} (the spec's fallback tag schema).
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-referrers">spec: listing referrers</a>
 */
@Service
public class ReferrersService {

    private final ManifestRows manifests;
    private final TagRows tags;
    private final Repositories repositories;

    ReferrersService(ManifestRows manifests, TagRows tags, Repositories repositories) {
        this.manifests = manifests;
        this.tags = tags;
        this.repositories = repositories;
    }

    /**
     * Referrers of {@code subject} in digest order, after {@code page.last()}, optionally only those
     * of {@code artifactType}. An unknown repository or subject has no referrers (an empty page).
     */
    public Page<Descriptor> list(RepositoryName name, Digest subject, String artifactType, PageRequest page) {
        Long repositoryId = repositories.find(name).orElse(null);
        if (repositoryId == null || page.size() == 0) {
            return new Page<>(List.of(), false);
        }
        Map<String, Descriptor> byDigest = new TreeMap<>();
        for (ManifestRows.Referrer referrer : manifests.referrers(repositoryId, subject)) {
            byDigest.put(referrer.digest().toString(), new Descriptor(referrer.mediaType(), referrer.digest(),
                    referrer.size(), referrer.artifactType(), AnnotationsJson.read(referrer.annotations()), null, null));
        }
        String fallbackTag = subject.algorithm().prefix() + "-" + subject.hex();
        for (long indexId : tags.manifestIds(repositoryId, fallbackTag)) {
            for (Descriptor listed : fallbackIndexEntries(indexId)) {
                byDigest.putIfAbsent(listed.digest().toString(), listed);
            }
        }
        List<Descriptor> matching = new ArrayList<>();
        for (Descriptor descriptor : byDigest.values()) {
            if (descriptor.digest().toString().compareTo(page.last()) <= 0) {
                continue;
            }
            if (artifactType != null && !artifactType.equals(descriptor.artifactType())) {
                continue;
            }
            matching.add(descriptor);
            if (matching.size() > page.size()) {
                break;
            }
        }
        return Page.ofFetched(matching, page.size());
    }

    private List<Descriptor> fallbackIndexEntries(long indexId) {
        byte[] payload = manifests.find(indexId).map(ManifestRow::payload).orElse(null);
        if (payload == null) {
            return List.of();
        }
        try {
            Manifest index = ManifestParser.parse(payload, null);
            return index.isIndex() ? index.children() : List.of();
        } catch (OciException e) {
            return List.of();
        }
    }
}
