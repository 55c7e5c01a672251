package dev.berth.admin;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.berth.api.ApiCallers;
import dev.berth.api.Pages;
import dev.berth.auth.AuditLog;
import dev.berth.auth.Caller;
import dev.berth.management.ManagementException;
import dev.berth.management.Paging;
import dev.berth.management.SystemAdministration.AuditEvent;
import dev.berth.management.MirrorAdministration;
import dev.berth.management.SystemAdministration;
import dev.berth.registry.proxy.CacheEviction;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcReport;
import dev.berth.registry.Listing;

/** Admin-only, registry-wide: the audit trail, the rotation of the token signing key, garbage collection. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
class SystemController {

    record RotatedKey(String kid) {
    }

    private final SystemAdministration system;
    private final ApiCallers callers;
    private final GarbageCollector collector;
    private final AuditLog audit;
    private final MirrorAdministration mirrors;

    SystemController(SystemAdministration system, ApiCallers callers, GarbageCollector collector, AuditLog audit,
                     MirrorAdministration mirrors) {
        this.mirrors = mirrors;
        this.system = system;
        this.callers = callers;
        this.collector = collector;
        this.audit = audit;
    }

    /**
     * Collects garbage now (with {@code dryRun=true}: says what would go, removes nothing) and
     * answers what was removed; 409 while another collection runs, on any replica.
     */
    @PostMapping("/gc")
    GcReport collect(@RequestParam(defaultValue = "false") boolean dryRun, HttpServletRequest request) {
        Caller caller = callers.require(request);
        system.requireAdmin(caller);
        GcReport report = collector.collect(dryRun, "api")
                .orElseThrow(() -> ManagementException.conflict("a garbage collection is already running"));
        audit.record(caller.displayName(), dryRun ? "gc-dry-run" : "gc", null, AuditLog.Outcome.SUCCESS,
                report.blobsDeleted() + " blobs, " + report.bytesFreed() + " bytes, " + report.manifestsDeleted()
                        + " manifests, " + report.tagsDeleted() + " tags");
        return report;
    }

    /** The latest collections, newest first. */
    @GetMapping("/gc/runs")
    List<GcReport> runs(@RequestParam(defaultValue = "20") int limit, HttpServletRequest request) {
        system.requireAdmin(callers.require(request));
        return collector.recent(Math.max(1, Math.min(limit, 100)));
    }

    /** The audit trail, newest first. */
    @GetMapping("/audit")
    ResponseEntity<Listing<AuditEvent>> audit(@RequestParam(defaultValue = "0") int page,
                                              @RequestParam(defaultValue = "20") int size,
                                              HttpServletRequest request) {
        return Pages.of(system.audit(callers.require(request), Paging.of(page, size)));
    }

    /** The pull-through cache's upstreams, with their health as this replica saw it; never their credentials. */
    @GetMapping("/system/upstreams")
    List<MirrorAdministration.UpstreamView> upstreams(HttpServletRequest request) {
        return mirrors.upstreams(callers.require(request));
    }

    /** Evicts cached images now, by each upstream's retention and size cap; garbage collection frees the bytes. */
    @PostMapping("/system/upstreams/evict")
    List<CacheEviction.Evicted> evict(HttpServletRequest request) {
        return mirrors.evict(callers.require(request));
    }

    /** Signs new registry tokens with a new key; tokens signed before stay valid until they expire. */
    @PostMapping("/signing-keys/rotate")
    RotatedKey rotate(HttpServletRequest request) {
        return new RotatedKey(system.rotateSigningKey(callers.require(request)));
    }
}
