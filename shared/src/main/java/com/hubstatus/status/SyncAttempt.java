package com.hubstatus.status;

import java.time.Instant;

/**
 * A finished sync.
 *
 * @param runId      the run it finished
 * @param trigger    manual or automatic
 * @param startedAt  when it started
 * @param finishedAt when it recorded its outcome
 * @param failure    why it failed, or null when it succeeded
 */
public record SyncAttempt(String runId, SyncTrigger trigger, Instant startedAt, Instant finishedAt, Finding failure) {
    public boolean hasSucceeded() {
        return failure == null;
    }
}
