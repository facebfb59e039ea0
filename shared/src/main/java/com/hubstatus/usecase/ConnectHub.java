package com.hubstatus.usecase;

import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.StatusView;

import java.util.Set;

/** A user connects a hub of their workspace and becomes its owner. */
public record ConnectHub(StatusRecorder recorder, HubTransitions transitions) {

    /**
     * What the user asked to connect.
     *
     * @param serviceAccountRef a reference to a managed service account, never a credential
     * @param managers          users who may read the hub
     */
    public record Request(ExternalApp app, String name, String businessId, String serviceAccountRef,
                          Set<String> managers) {
        public Request {
            managers = Set.copyOf(managers);
        }
    }

    /** Connects the hub; returns it with its status right after. */
    public StatusView connect(Caller caller, Request request) {
        HubTransitions.NewHub hub = new HubTransitions.NewHub(caller.workspaceId(), request.app(), request.name(),
                request.businessId(), request.serviceAccountRef(), caller.userId(), request.managers());
        StatusRecorder.HubOutcome connected = recorder.onNewHub(caller.workspaceId(), request.app(),
                (cohort, now) -> transitions.connect(hub, cohort.orElse(null), now));
        return transitions.evaluator().evaluate(connected.hub(), connected.cohort(), recorder.now());
    }
}
