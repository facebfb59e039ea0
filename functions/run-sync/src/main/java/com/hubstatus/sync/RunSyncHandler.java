package com.hubstatus.sync;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.app.FunctionEnvironment;
import com.hubstatus.app.StatusRecorder;
import com.hubstatus.events.EventCodec;
import com.hubstatus.events.EventHandler;
import com.hubstatus.events.IncomingEvent;
import com.hubstatus.events.MalformedEventException;
import com.hubstatus.gateway.ExternalAppGateway;
import com.hubstatus.gateway.HubRef;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.SyncResult;
import com.hubstatus.store.ProcessedEvent;

import java.util.Optional;

/**
 * Runs a sync that was asked for ({@code Sync Requested}, manual or automatic): claims the run,
 * syncs through the external app gateway, records the outcome. The claim makes a repeated or
 * concurrent delivery a no-op, so at most one sync of a hub runs at a time.
 */
public final class RunSyncHandler extends EventHandler {

    static final String CONSUMER = "run-sync";

    private final StatusRecorder recorder;
    private final HubTransitions transitions;
    private final ExternalAppGateway gateway;

    /** The Lambda runtime's constructor: clients built once per container from the environment. */
    public RunSyncHandler() {
        this(FunctionEnvironment.current());
    }

    /** Built from an environment as Lambda provides it (the local stack passes its own). */
    public RunSyncHandler(FunctionEnvironment env) {
        this(env.recorder(), env.transitions(), env.gateway());
    }

    public RunSyncHandler(StatusRecorder recorder, HubTransitions transitions, ExternalAppGateway gateway) {
        this.recorder = recorder;
        this.transitions = transitions;
        this.gateway = gateway;
    }

    @Override
    protected void handle(IncomingEvent event, Context context, ObjectNode result) {
        if (!EventCodec.SYNC_REQUESTED.equals(event.detailType())) {
            throw new MalformedEventException("run-sync does not take '" + event.detailType() + "' events");
        }
        DomainEvent.SyncRequested request =
                (DomainEvent.SyncRequested) EventCodec.decode(event.detailType(), event.detail());
        ProcessedEvent marker = new ProcessedEvent(CONSUMER, request.eventId());
        if (recorder.store().isProcessed(marker)) {
            result.put("outcome", "DUPLICATE");
            return;
        }
        Optional<StatusRecorder.Outcome> claim = recorder.onHub(request.workspaceId(), request.hubId(), null,
                (current, now) -> transitions.startSync(current.hub(), request.runId(), now));
        if (claim.isEmpty() || !claim.get().changed()) {
            result.put("outcome", claim.isEmpty() ? "HUB_GONE" : "NOT_CLAIMED");
            return;
        }
        Hub claimed = claim.get().saved().hub();
        SyncResult sync = gateway.sync(HubRef.of(claimed), request.runId());
        recorder.onHub(request.workspaceId(), request.hubId(), marker,
                (current, now) -> transitions.recordSync(current.hub(), current.cohort(), request.runId(), sync, now));
        result.put("outcome", sync.hasSucceeded() ? "SUCCEEDED" : "FAILED");
        result.put("runId", request.runId());
    }
}
