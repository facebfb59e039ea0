package com.hubstatus.usecase;

import com.hubstatus.status.HubTransitions;

import java.util.Optional;

/** An owner disconnects a hub: it is removed, with a last history entry and an event. */
public record DisconnectHub(StatusRecorder recorder, HubTransitions transitions) {

    public void disconnect(Caller caller, String hubId) {
        recorder.onHub(caller.workspaceId(), hubId, (current, now) -> {
            Access.requireOwner(current.hub(), caller, "only an owner of the hub may do this");
            return Optional.of(transitions.disconnect(current.hub(), caller.userId(), now));
        }).orElseThrow(HubNotFoundException::new);
    }
}
