package dev.berth.registry.proxy;

import org.springframework.stereotype.Service;

import dev.berth.oci.OciErrorCode;
import dev.berth.registry.Page;
import dev.berth.registry.PageRequest;
import dev.berth.registry.manifest.TagService;

/**
 * The tag list of a cached repository: the upstream's, which knows the tags nobody pulled yet;
 * the cached ones when the upstream cannot answer.
 */
@Service
public class CachedTags {

    private final UpstreamClient client;
    private final TagService tags;
    private final ProxyMetrics metrics;

    CachedTags(UpstreamClient client, TagService tags, ProxyMetrics metrics) {
        this.client = client;
        this.tags = tags;
        this.metrics = metrics;
    }

    /** A page of tags, and whether it came from the cache because the upstream failed (then may be stale). */
    public record Listed(Page<String> page, boolean stale) {
    }

    public Listed list(MirroredName name, PageRequest page) {
        if (page.size() == 0) {
            return new Listed(new Page<>(java.util.List.of(), false), false);
        }
        try {
            return new Listed(client.tags(name, page.size(), page.last()), false);
        } catch (UpstreamException e) {
            if (!e.kind().servesStale()) {
                throw ProxyErrors.toClient(e, OciErrorCode.NAME_UNKNOWN);
            }
            metrics.answered(name.upstream(), ProxyMetrics.Outcome.STALE);
            return new Listed(tags.list(name.local(), page), true);
        }
    }
}
