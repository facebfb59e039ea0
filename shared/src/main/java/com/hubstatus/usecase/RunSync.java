package com.hubstatus.usecase;

import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.SyncResult;
import com.hubstatus.usecase.port.ExternalAppGateway;
import com.hubstatus.usecase.port.HubRef;
import com.hubstatus.usecase.port.ProcessedEvent;

import java.util.Optional;

/**
 * Runs a sync that was asked for (manual or automatic): claims the run, syncs through the
 * external app, records the outcome with the delivery's processed-event marker. The claim keeps
 * duplicates of the request away from the external app, so at most one sync of a hub runs at a
 * time. An invocation that fails lets go of its claim, so the retry of its delivery takes the run
 * up at once and asks the app for the same sync, which the run id makes idempotent; one that died
 * holds it until its lease lapses, when the retry schedule asks for the run again.
 */
public record RunSync(StatusRecorder recorder, HubTransitions transitions, ExternalAppGateway gateway) {

    static final String CONSUMER = "run-sync";

    public enum Outcome { DUPLICATE, HUB_GONE, NOT_CLAIMED, SUCCEEDED, FAILED }

    public Outcome run(DomainEvent.SyncRequested request) {
        ProcessedEvent marker = new ProcessedEvent(CONSUMER, request.eventId());
        if (recorder.hubs().isProcessed(marker)) {
            return Outcome.DUPLICATE;
        }
        String claimant = Invocation.token();
        Optional<StatusRecorder.HubOutcome> claim = recorder.onHub(request.workspaceId(), request.hubId(),
                (current, now) -> transitions.startSync(current.hub(), request.runId(), claimant, now));
        if (claim.isEmpty()) {
            return Outcome.HUB_GONE;
        }
        if (!claim.get().changed()) {
            return Outcome.NOT_CLAIMED;
        }
        Hub claimed = claim.get().hub();
        recorder.metrics().syncStarted();
        return Invocation.lettingGoOnFailure(() -> {
            SyncResult sync = gateway.sync(HubRef.of(claimed), request.runId());
            recorder.onHub(request.workspaceId(), request.hubId(), Optional.of(marker),
                    (current, now) -> transitions.recordSync(current.hub(), current.cohort(), request.runId(), sync,
                            now));
            recorder.metrics().syncEnded(sync.hasSucceeded());
            return sync.hasSucceeded() ? Outcome.SUCCEEDED : Outcome.FAILED;
        }, () -> recorder.onHub(request.workspaceId(), request.hubId(),
                (current, now) -> transitions.releaseSync(current.hub(), request.runId(), claimant)));
    }
}
