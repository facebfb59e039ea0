package com.hubstatus.status;

import java.time.Instant;
import java.util.List;

/**
 * A hub's status at one instant, explained.
 *
 * @param hub             the hub the view is of
 * @param status          the status with the highest precedence among the open reasons, or Healthy
 * @param reasons         every open reason, in precedence order
 * @param nextAction      what to do next, and by whom
 * @param since           since when the hub has been in this status
 * @param lastSyncAttempt the last finished sync, or null
 * @param lastSuccessAt   when a sync last succeeded, or null
 * @param healthyUntil    for a healthy hub, the last instant before it requires a sync; otherwise null
 * @param syncRun         the sync asked for or running, or null
 * @param check           the single-hub check waiting for a result, or null
 * @param evaluatedAt     the instant the view is for
 */
public record StatusView(Hub hub, HubStatus status, List<Reason> reasons, NextAction nextAction, Instant since,
                         SyncAttempt lastSyncAttempt, Instant lastSuccessAt, Instant healthyUntil,
                         SyncRun syncRun, PendingCheck check, Instant evaluatedAt) {

    public StatusView {
        reasons = List.copyOf(reasons);
    }

    public Actor mustAct() {
        return status.mustAct();
    }

    public List<ReasonCode> reasonCodes() {
        return reasons.stream().map(Reason::code).toList();
    }
}
