package dev.berth.management;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;

import dev.berth.auth.AuditLog;
import dev.berth.auth.Caller;
import dev.berth.registry.proxy.CacheEviction;
import dev.berth.registry.proxy.Upstream;
import dev.berth.registry.proxy.UpstreamHealth;
import dev.berth.registry.proxy.Upstreams;

/** The pull-through cache as admins see it: the upstreams with their health, and eviction on demand. */
@Service
public class MirrorAdministration {

    /**
     * An upstream as the admin API shows it: never its credentials, only whether it has some.
     *
     * @param health {@code UP}, {@code DOWN} or {@code UNKNOWN}, from the requests this replica made lately
     */
    public record UpstreamView(String name, String url, String registryHost, boolean defaultUpstream,
                               Duration tagTtl, Duration retention, Long maxSizeBytes, boolean credentials,
                               String health, Instant lastSuccess, Instant lastFailure, String lastError) {
    }

    private final Upstreams upstreams;
    private final UpstreamHealth health;
    private final CacheEviction eviction;
    private final SystemAdministration system;
    private final AuditLog audit;

    MirrorAdministration(Upstreams upstreams, UpstreamHealth health, CacheEviction eviction,
                         SystemAdministration system, AuditLog audit) {
        this.upstreams = upstreams;
        this.health = health;
        this.eviction = eviction;
        this.system = system;
        this.audit = audit;
    }

    public List<UpstreamView> upstreams(Caller caller) {
        system.requireAdmin(caller);
        String defaultName = upstreams.defaultUpstream().map(Upstream::name).orElse(null);
        return upstreams.all().stream().map(upstream -> {
            UpstreamHealth.State state = health.of(upstream);
            return new UpstreamView(upstream.name(), upstream.baseUrl().toString(), upstream.registryHost(),
                    upstream.name().equals(defaultName), upstream.tagTtl(), upstream.retention(), upstream.maxBytes(),
                    upstream.credentials() != null, state.status().name(), state.lastSuccess(), state.lastFailure(),
                    state.lastError());
        }).toList();
    }

    /** Runs an eviction pass now, by every upstream's retention and size cap. */
    public List<CacheEviction.Evicted> evict(Caller caller) {
        system.requireAdmin(caller);
        List<CacheEviction.Evicted> report = eviction.evictAll();
        audit.record(caller.displayName(), "cache-evict", null, AuditLog.Outcome.SUCCESS,
                report.stream().mapToInt(CacheEviction.Evicted::images).sum() + " images");
        return report;
    }
}
