package dev.berth.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the servers tests start as processes of their own: politely first, then for good. */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /** SIGTERM, up to {@code grace} to exit, then SIGKILL and as long again. */
    public static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
