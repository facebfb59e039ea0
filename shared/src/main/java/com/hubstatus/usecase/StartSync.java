package com.hubstatus.usecase;

import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.StatusView;
import com.hubstatus.status.SyncTrigger;

import java.util.Optional;

/**
 * An owner asks for a sync. At most one sync of a hub is asked for or running at a time, so two
 * owners pressing "sync" at once start one sync; the other is told one is already running.
 */
public record StartSync(StatusRecorder recorder, HubTransitions transitions) {

    /** @return the hub with the sync asked for (its {@code syncRun}) and its status */
    public StatusView start(Caller caller, String hubId) {
        StatusRecorder.HubOutcome requested = recorder.onHub(caller.workspaceId(), hubId, (current, now) -> {
            Access.requireOwner(current.hub(), caller, "only an owner of the hub may run a sync");
            return Optional.of(transitions.requestSync(current.hub(), current.cohort(), SyncTrigger.MANUAL,
                    caller.userId(), now));
        }).orElseThrow(HubNotFoundException::new);
        return transitions.evaluator().evaluate(requested.hub(), requested.cohort(), recorder.now());
    }
}
