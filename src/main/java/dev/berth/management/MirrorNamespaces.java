package dev.berth.management;

import java.util.stream.Collectors;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import dev.berth.auth.AuditLog;
import dev.berth.auth.Namespaces;
import dev.berth.metadata.AuditEventRows;
import dev.berth.registry.proxy.Upstream;
import dev.berth.registry.proxy.Upstreams;

/**
 * At start, gives every upstream its namespace (so nobody can claim the name, and admins can set
 * its members and public pull like any other's), and records a change of the upstream
 * configuration in the audit trail: what is mirrored from where, never credentials.
 */
@Component
class MirrorNamespaces implements ApplicationRunner {

    static final String ACTION = "configure";
    static final String TARGET = "proxy upstreams";

    private final Upstreams upstreams;
    private final Namespaces namespaces;
    private final AuditEventRows events;
    private final AuditLog audit;

    MirrorNamespaces(Upstreams upstreams, Namespaces namespaces, AuditEventRows events, AuditLog audit) {
        this.upstreams = upstreams;
        this.namespaces = namespaces;
        this.events = events;
        this.audit = audit;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (Upstream upstream : upstreams.all()) {
            namespaces.ensureExists(upstream.name());
        }
        String configuration = describe();
        String previous = events.latestDetail(ACTION, TARGET).orElse("");
        if (!configuration.equals(previous) && !(configuration.isEmpty() && previous.isEmpty())) {
            audit.record("system", ACTION, TARGET, AuditLog.Outcome.SUCCESS, configuration);
        }
    }

    private String describe() {
        String defaultName = upstreams.defaultUpstream().map(Upstream::name).orElse(null);
        return upstreams.all().stream().map(upstream -> upstream.name() + "=" + upstream.baseUrl()
                        + " (" + upstream.registryHost() + (upstream.name().equals(defaultName) ? ", default" : "")
                        + ", tag-ttl " + upstream.tagTtl() + (upstream.retention() == null ? ""
                        : ", retention " + upstream.retention()) + (upstream.maxBytes() == null ? ""
                        : ", max-size " + upstream.maxBytes()) + (upstream.credentials() == null ? ""
                        : ", with credentials") + ")")
                .collect(Collectors.joining("; "));
    }
}
