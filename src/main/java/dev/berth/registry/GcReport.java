package dev.berth.registry;

import java.time.Instant;

/**
 * What a garbage collection removed, or in a dry run would have removed.
 *
 * @param trigger {@code schedule} or {@code api}
 */
public record GcReport(Instant startedAt, Instant finishedAt, boolean dryRun, String trigger,
                       long manifestsDeleted, long linksDeleted, long blobsDeleted, long bytesFreed,
                       long uploadsPurged) {
}
