package dev.berth.registry.gc;

import java.time.Instant;

/**
 * What a garbage collection removed, or in a dry run would have removed.
 *
 * @param trigger     {@code schedule} or {@code api}
 * @param tagsDeleted tags removed by retention policies
 */
public record GcReport(Instant startedAt, Instant finishedAt, boolean dryRun, String trigger,
                       long tagsDeleted, long manifestsDeleted, long linksDeleted, long blobsDeleted, long bytesFreed,
                       long uploadsPurged) {
}
