package com.hubstatus.usecase;

import com.hubstatus.status.HubTransitions;

import java.util.Optional;
import java.util.Set;

/** An owner disconnects a hub: it is removed, with a last history entry and an event. */
public record DisconnectHub(StatusRecorder recorder, HubTransitions transitions) {

    public void disconnect(Caller caller, String hubId) {
        disconnect(caller, hubId, Optional.empty());
    }

    /**
     * @param ifMatch the versions of the hub the caller saw; empty for any
     * @throws StaleVersionException when the hub is at another version: it stays connected
     */
    public void disconnect(Caller caller, String hubId, Optional<Set<Long>> ifMatch) {
        recorder.onHub(caller.workspaceId(), hubId, (current, now) -> {
            Access.requireOwner(current.hub(), caller, "only an owner of the hub may do this");
            Access.requireVersion(current.hub(), ifMatch);
            return Optional.of(transitions.disconnect(current.hub(), caller.userId(), now));
        }).orElseThrow(HubNotFoundException::new);
    }
}
