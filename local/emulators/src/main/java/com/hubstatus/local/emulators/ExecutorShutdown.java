package com.hubstatus.local.emulators;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** How the emulators and the local stack stop a thread pool: no new work, a grace period for what was queued, then interruption. */
public final class ExecutorShutdown {

    private ExecutorShutdown() {
    }

    /** Shuts {@code executor} down, letting work already queued finish within {@code grace}, then interrupts what is left. */
    public static void within(ExecutorService executor, Duration grace) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
