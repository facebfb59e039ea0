package com.hubstatus.usecase;

import com.hubstatus.status.HubTransitions;
import com.hubstatus.usecase.port.DueScan;
import com.hubstatus.usecase.port.RetryKey;


/**
 * The validation retry schedule: asks again for checks and validation runs that have no result by
 * their retry time, and for syncs whose lease lapsed without an outcome (recording them as failed
 * after a few attempts).
 */
public record RetryDueWork(StatusRecorder recorder, HubTransitions transitions) {

    static final int BATCH = 500;

    /**
     * @param hubsAskedAgain        hubs whose check or sync was asked for again (or the sync recorded as failed)
     * @param validationsAskedAgain validation runs asked for again
     * @param scannedCount          retry index entries read
     */
    public record Result(int hubsAskedAgain, int validationsAskedAgain, int scannedCount) {
    }

    public Result run() {
        DueScan<RetryKey> due = recorder.hubs().dueForRetry(recorder.now(), BATCH);
        int checks = 0;
        int runs = 0;
        for (RetryKey key : due.items()) {
            if (key.isHub()) {
                boolean asked = recorder.onHub(key.workspaceId(), key.hubId(),
                                (current, now) -> transitions.retryLapsed(current.hub(), current.cohort(), now))
                        .map(StatusRecorder.HubOutcome::changed).orElse(false);
                checks += asked ? 1 : 0;
            } else {
                boolean asked = recorder.onCohort(key.workspaceId(), key.app(), transitions::retryValidation)
                        .map(StatusRecorder.CohortOutcome::changed).orElse(false);
                runs += asked ? 1 : 0;
            }
        }
        return new Result(checks, runs, due.scannedCount());
    }
}
