package com.hubstatus.usecase;

import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.StatusView;

import java.util.Optional;
import java.util.Set;

/**
 * An owner changes a hub: its name, business ID, service account, owners or managers. A new
 * business ID or service account has the hub checked again.
 */
public record ChangeHub(StatusRecorder recorder, HubTransitions transitions) {

    /** Applies the change; returns the hub with its status right after. */
    public StatusView change(Caller caller, String hubId, HubTransitions.HubChange change) {
        return change(caller, hubId, change, Optional.empty());
    }

    /**
     * @param ifMatch the versions of the hub the caller saw; empty for any
     * @throws StaleVersionException when the hub is at another version: nothing is changed
     */
    public StatusView change(Caller caller, String hubId, HubTransitions.HubChange change, Optional<Set<Long>> ifMatch) {
        StatusRecorder.HubOutcome changed = recorder.onHub(caller.workspaceId(), hubId, (current, now) -> {
            Access.requireOwner(current.hub(), caller, "only an owner of the hub may do this");
            Access.requireVersion(current.hub(), ifMatch);
            return Optional.of(transitions.change(current.hub(), current.cohort(), change, now));
        }).orElseThrow(HubNotFoundException::new);
        return transitions.evaluator().evaluate(changed.hub(), changed.cohort(), recorder.now());
    }
}
