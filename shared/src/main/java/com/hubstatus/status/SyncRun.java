package com.hubstatus.status;

import java.time.Instant;

/**
 * The sync a hub has asked for or is running. At most one exists per hub; it blocks another
 * until it records an outcome or its lease runs out (a run whose executor died).
 *
 * @param runId       identifies the run
 * @param trigger     manual or automatic
 * @param requestedBy the user who asked, or null for an automatic run
 * @param requestedAt when it was asked for
 * @param startedAt   when an executor claimed it, or null while it waits
 * @param leaseUntil  after this instant the run no longer blocks another
 */
public record SyncRun(String runId, SyncTrigger trigger, String requestedBy, Instant requestedAt,
                      Instant startedAt, Instant leaseUntil) {

    public enum State { REQUESTED, RUNNING }

    public State state() {
        return startedAt == null ? State.REQUESTED : State.RUNNING;
    }

    /** True while the run blocks another sync of the same hub. */
    public boolean isActiveAt(Instant now) {
        return !now.isAfter(leaseUntil);
    }
}
