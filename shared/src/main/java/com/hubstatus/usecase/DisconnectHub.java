package com.hubstatus.usecase;

import com.hubstatus.status.HubTransitions;

import java.util.Objects;
import java.util.Optional;

/** An owner disconnects a hub: it is removed, with a last history entry and an event. */
public final class DisconnectHub {

    private final StatusRecorder recorder;
    private final HubTransitions transitions;

    public DisconnectHub(StatusRecorder recorder, HubTransitions transitions) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.transitions = Objects.requireNonNull(transitions, "transitions");
    }

    public void disconnect(Caller caller, String hubId) {
        recorder.onHub(caller.workspaceId(), hubId, (current, now) -> {
            Access.requireOwner(current.hub(), caller, "only an owner of the hub may do this");
            return Optional.of(transitions.disconnect(current.hub(), caller.userId(), now));
        }).orElseThrow(HubNotFoundException::new);
    }
}
