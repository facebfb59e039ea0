package com.hubstatus.status;

import java.time.Instant;

/**
 * The sync a hub has asked for or is running. At most one exists per hub; it blocks another
 * until it records an outcome or its lease runs out. A run whose lease runs out without an
 * outcome (its executor died or timed out) is asked for again by the retry schedule, a few times,
 * then recorded as failed: a sync is never left without an outcome.
 *
 * @param runId       identifies the run; the external app takes it to tell a repeated request from a new sync
 * @param trigger     manual or automatic
 * @param requestedBy the user who asked, or null for an automatic run
 * @param requestedAt when it was asked for
 * @param startedAt   when an executor last claimed it, or null while it waits
 * @param leaseUntil  after this instant the run no longer blocks another, and the retry schedule takes it up
 * @param claimedBy   the executor that claimed it (one invocation), or null while it waits
 * @param attempts    how many times it was asked for (1 at first)
 */
public record SyncRun(String runId, SyncTrigger trigger, String requestedBy, Instant requestedAt,
                      Instant startedAt, Instant leaseUntil, String claimedBy, int attempts) {

    public enum State { REQUESTED, RUNNING }

    public SyncRun(String runId, SyncTrigger trigger, String requestedBy, Instant requestedAt, Instant startedAt,
                   Instant leaseUntil) {
        this(runId, trigger, requestedBy, requestedAt, startedAt, leaseUntil, null, 1);
    }

    public State state() {
        return startedAt == null ? State.REQUESTED : State.RUNNING;
    }

    /** True while the run blocks another sync of the same hub. */
    public boolean isActiveAt(Instant now) {
        return !now.isAfter(leaseUntil);
    }

    /** True while an executor other than {@code claimant} holds the run. */
    public boolean isHeldByOtherThan(String claimant, Instant now) {
        return state() == State.RUNNING && isActiveAt(now) && !claimant.equals(claimedBy);
    }

    public SyncRun claimed(String claimant, Instant now, Instant until) {
        return new SyncRun(runId, trigger, requestedBy, requestedAt, now, until, claimant, attempts);
    }

    /** Let go by its executor: waiting for another to claim it, within the same lease. */
    public SyncRun released() {
        return new SyncRun(runId, trigger, requestedBy, requestedAt, null, leaseUntil, null, attempts);
    }

    /** Asked for again after its lease lapsed: waiting for an executor, with a new lease. */
    public SyncRun askedAgain(Instant until) {
        return new SyncRun(runId, trigger, requestedBy, requestedAt, null, until, null, attempts + 1);
    }
}
