package com.hubstatus.usecase;

import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.StatusView;

import java.util.Optional;

/**
 * An owner who fixed a problem outside hubstatus (new credentials, MFA turned on at the app) asks
 * for the hub to be checked again; it leaves its review status as soon as the check passes.
 */
public record RecheckHub(StatusRecorder recorder, HubTransitions transitions) {

    /** @return the hub with the check asked for (its {@code check}) and its status */
    public StatusView recheck(Caller caller, String hubId) {
        StatusRecorder.HubOutcome asked = recorder.onHub(caller.workspaceId(), hubId, (current, now) -> {
            Access.requireOwner(current.hub(), caller, "only an owner of the hub may ask for a re-check");
            return Optional.of(transitions.requestRecheck(current.hub(), current.cohort(), now));
        }).orElseThrow(HubNotFoundException::new);
        return transitions.evaluator().evaluate(asked.hub(), asked.cohort(), recorder.now());
    }
}
