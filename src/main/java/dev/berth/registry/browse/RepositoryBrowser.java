package dev.berth.registry.browse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.registry.Listing;
import dev.berth.registry.Repositories;
import dev.berth.registry.lifecycle.ImmutableTags;
import dev.berth.registry.proxy.Upstreams;
import dev.berth.events.EventOutbox;
import dev.berth.events.EventType;
import dev.berth.events.RegistryEvent;
import dev.berth.registry.manifest.ManifestContent;
import dev.berth.registry.manifest.ManifestService;
import dev.berth.metadata.BrowseRows;
import dev.berth.metadata.BrowseRows.ReferrerRow;
import dev.berth.metadata.BrowseRows.RepositoryStats;
import dev.berth.metadata.BrowseRows.TagRow;
import dev.berth.metadata.ManifestRows;
import dev.berth.metadata.ManifestRows.ManifestRow;
import dev.berth.metadata.RepositoryRows;
import dev.berth.metadata.TagRows;
import dev.berth.metadata.TagRows.TagVersion;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Manifest;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.OciErrorCode;
import dev.berth.oci.OciException;
import dev.berth.oci.Reference;
import dev.berth.oci.RepositoryName;

/**
 * What the browse API shows: repositories with their sizes, tags with their platforms and
 * referrers, manifests with their image config. A page costs a fixed number of queries
 * whatever its size, and no blob is read but (cached) image configs.
 */
@Service
public class RepositoryBrowser {

    public enum RepositorySort { NAME, PUSHED, SIZE, TAGS }

    public enum TagSort { NAME, PUSHED }

    /** Ids per {@code IN (...)} list, well under every database's limit. */
    private static final int IN_LIST = 1000;

    private final BrowseRows queries;
    private final ManifestRows manifestRows;
    private final TagRows tagRows;
    private final RepositoryRows repositoryRows;
    private final Repositories repositories;
    private final ManifestService manifests;
    private final ImageConfigs configs;
    private final ImmutableTags immutableTags;

    private final Upstreams upstreams;
    private final EventOutbox events;

    RepositoryBrowser(BrowseRows queries, ManifestRows manifestRows, TagRows tagRows, RepositoryRows repositoryRows,
                      Repositories repositories, ManifestService manifests, ImageConfigs configs,
                      ImmutableTags immutableTags, Upstreams upstreams, EventOutbox events) {
        this.events = events;
        this.upstreams = upstreams;
        this.queries = queries;
        this.manifestRows = manifestRows;
        this.tagRows = tagRows;
        this.repositoryRows = repositoryRows;
        this.repositories = repositories;
        this.manifests = manifests;
        this.configs = configs;
        this.immutableTags = immutableTags;
    }

    /**
     * Repositories whose name contains {@code query}, among those {@code visible} accepts (by
     * name); the rest are left out of the page and of the total.
     */
    @Transactional(readOnly = true)
    public Listing<RepositorySummary> repositories(String query, Predicate<RepositoryName> visible,
                                                   RepositorySort sort, int page, int size) {
        List<RepositoryStats> stats = new ArrayList<>();
        for (RepositoryStats row : queries.repositories(query)) {
            if (visible.test(row.name())) {
                stats.add(row);
            }
        }
        List<Long> ids = stats.stream().map(RepositoryStats::id).toList();
        Map<Long, Long> blobBytes = sums(ids, queries::blobBytes);
        Map<Long, Long> referencedBytes = sums(ids, queries::referencedBytes);
        List<RepositorySummary> summaries = new ArrayList<>();
        for (RepositoryStats row : stats) {
            Instant pushed = latest(latest(row.createdAt(), row.lastTaggedAt()), row.lastManifestAt());
            summaries.add(new RepositorySummary(row.name().value(), row.tagCount(),
                    row.manifestBytes() + blobBytes.getOrDefault(row.id(), 0L),
                    row.manifestBytes() + referencedBytes.getOrDefault(row.id(), 0L), pushed,
                    upstreams.fronting(row.name().namespace()).map(upstream -> upstream.baseUrl().toString())
                            .orElse(null)));
        }
        Comparator<RepositorySummary> byName = Comparator.comparing(RepositorySummary::name);
        summaries.sort(switch (sort) {
            case NAME -> byName;
            case PUSHED -> Comparator.comparing(RepositorySummary::lastPushedAt).reversed().thenComparing(byName);
            case SIZE -> Comparator.comparingLong(RepositorySummary::sizeBytes).reversed().thenComparing(byName);
            case TAGS -> Comparator.comparingLong(RepositorySummary::tagCount).reversed().thenComparing(byName);
        });
        int from = (int) Math.min((long) page * size, summaries.size());
        int to = Math.min(from + size, summaries.size());
        return new Listing<>(summaries.subList(from, to), page, size, summaries.size());
    }

    /** Tags whose name contains {@code query}; the repository must exist ({@code NAME_UNKNOWN} otherwise). */
    @Transactional(readOnly = true)
    public Listing<TagSummary> tags(RepositoryName name, String query, TagSort sort, int page, int size) {
        long repositoryId = repositories.require(name);
        long total = queries.countTags(repositoryId, query);
        BrowseRows.TagOrder order = sort == TagSort.PUSHED ? BrowseRows.TagOrder.PUSHED : BrowseRows.TagOrder.NAME;
        List<TagRow> rows = total == 0 ? List.of()
                : queries.tags(repositoryId, query, order, Math.multiplyExact(page, size), size);
        Map<Digest, Manifest> parsed = new HashMap<>();
        for (TagRow row : rows) {
            parsed.computeIfAbsent(row.digest(), digest -> parse(row.payload(), row.mediaType()));
        }
        Map<Digest, ManifestRow> children = children(repositoryId, parsed.values());
        Map<Digest, List<ReferrerRow>> referrers = referrers(repositoryId, parsed.keySet());
        List<TagSummary> tags = new ArrayList<>();
        for (TagRow row : rows) {
            Manifest manifest = parsed.get(row.digest());
            Optional<ImageConfigSummary> image = configs.summary(manifest.config(), manifest.layers());
            List<ReferrerRow> referring = referrers.getOrDefault(row.digest(), List.of());
            Set<String> types = new TreeSet<>();
            referring.forEach(referrer -> {
                if (referrer.artifactType() != null) {
                    types.add(referrer.artifactType());
                }
            });
            tags.add(new TagSummary(row.name(), row.digest().toString(), row.mediaType(),
                    pullSize(row.size(), manifest, children), platforms(manifest, image),
                    image.map(ImageConfigSummary::created).orElse(null), row.updatedAt(),
                    new TagSummary.ReferrerCount(referring.size(), List.copyOf(types)), row.revalidatedAt()));
        }
        return new Listing<>(tags, page, size, total);
    }

    @Transactional(readOnly = true)
    public ManifestDetail manifest(RepositoryName name, Reference reference) {
        long repositoryId = repositories.require(name);
        ManifestContent content = manifests.get(name, reference);
        Digest digest = content.digest();
        Manifest manifest = parse(content.payload(), content.mediaType());
        Map<Digest, ManifestRow> children = children(repositoryId, List.of(manifest));
        List<ManifestDetail.DescriptorView> referrers = new ArrayList<>();
        for (ReferrerRow row : referrers(repositoryId, List.of(digest)).getOrDefault(digest, List.of())) {
            referrers.add(new ManifestDetail.DescriptorView(row.mediaType(), row.digest().toString(), row.size(),
                    row.artifactType(), null, Map.of()));
        }
        return new ManifestDetail(digest.toString(), content.mediaType(), manifest.artifactType(), content.payload().length,
                pullSize(content.payload().length, manifest, children), view(manifest.config()),
                manifest.layers().stream().map(RepositoryBrowser::view).toList(),
                manifest.children().stream().map(RepositoryBrowser::view).toList(), view(manifest.subject()),
                manifest.annotations(), configs.summary(manifest.config(), manifest.layers()).orElse(null),
                tagRows.namesOf(repositoryId, digest), referrers);
    }

    /**
     * Removes the repository with its manifests, tags and blob links; the blobs go with garbage
     * collection. Refused ({@code DENIED}) while it has an immutable tag.
     */
    @Transactional
    public void deleteRepository(RepositoryName name) {
        long repositoryId = repositories.require(name);
        for (TagVersion tag : tagRows.newestFirst(repositoryId)) {
            immutableTags.checkMutable(name, tag.name(), "deleted with repository " + name);
        }
        repositoryRows.delete(repositoryId);
        events.record(RegistryEvent.of(EventType.REPOSITORY_DELETED, name.value(), null, null, null, List.of()));
    }

    /** Per repository id, a sum a grouped query computes, asked for {@link #IN_LIST} ids at a time. */
    private static Map<Long, Long> sums(List<Long> ids, Function<List<Long>, Map<Long, Long>> query) {
        Map<Long, Long> sums = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            sums.putAll(query.apply(ids.subList(from, Math.min(ids.size(), from + IN_LIST))));
        }
        return sums;
    }

    private Map<Digest, ManifestRow> children(long repositoryId, Collection<Manifest> parents) {
        Set<Digest> digests = new LinkedHashSet<>();
        parents.forEach(parent -> parent.children().forEach(child -> digests.add(child.digest())));
        Map<Digest, ManifestRow> rows = new HashMap<>();
        List<Digest> list = List.copyOf(digests);
        for (int from = 0; from < list.size(); from += IN_LIST) {
            for (ManifestRow row : manifestRows.find(repositoryId, list.subList(from, Math.min(list.size(),
                    from + IN_LIST)))) {
                rows.put(row.digest(), row);
            }
        }
        return rows;
    }

    private Map<Digest, List<ReferrerRow>> referrers(long repositoryId, Collection<Digest> subjects) {
        Map<Digest, List<ReferrerRow>> bySubject = new HashMap<>();
        List<Digest> list = List.copyOf(subjects);
        for (int from = 0; from < list.size(); from += IN_LIST) {
            for (ReferrerRow row : queries.referrers(repositoryId, list.subList(from, Math.min(list.size(),
                    from + IN_LIST)))) {
                bySubject.computeIfAbsent(row.subject(), subject -> new ArrayList<>()).add(row);
            }
        }
        return bySubject;
    }

    /** What a pull fetches: the manifest, its config and layers; for an index, each child's the same way. */
    private static long pullSize(long manifestSize, Manifest manifest, Map<Digest, ManifestRow> children) {
        long total = manifestSize;
        if (manifest.config() != null) {
            total += manifest.config().size();
        }
        for (Descriptor layer : manifest.layers()) {
            total += layer.size();
        }
        for (Descriptor child : manifest.children()) {
            ManifestRow row = children.get(child.digest());
            total += row == null ? child.size()
                    : pullSize(row.size(), parse(row.payload(), row.mediaType()), Map.of());
        }
        return total;
    }

    private static List<Platform> platforms(Manifest manifest, Optional<ImageConfigSummary> image) {
        if (manifest.isIndex()) {
            List<Platform> platforms = new ArrayList<>();
            for (Descriptor child : manifest.children()) {
                if (child.platform() != null) {
                    platforms.add(Platform.parse(child.platform()));
                }
            }
            return platforms;
        }
        return image.filter(config -> config.os() != null)
                .map(config -> List.of(new Platform(config.os(), config.architecture(), config.variant())))
                .orElse(List.of());
    }

    private static ManifestDetail.DescriptorView view(Descriptor descriptor) {
        if (descriptor == null) {
            return null;
        }
        return new ManifestDetail.DescriptorView(descriptor.mediaType(), descriptor.digest().toString(),
                descriptor.size(), descriptor.artifactType(),
                descriptor.platform() == null ? null : Platform.parse(descriptor.platform()), descriptor.annotations());
    }

    private static Manifest parse(byte[] payload, String mediaType) {
        try {
            return ManifestParser.parse(payload, mediaType);
        } catch (OciException e) {
            // Stored manifests were valid when pushed; a parser grown stricter since must not hide them.
            throw new OciException(OciErrorCode.UNKNOWN, "a stored manifest no longer parses: " + e.detail());
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

}
