package com.hubstatus.usecase;

import com.hubstatus.status.CheckResult;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.usecase.port.ExternalAppGateway;
import com.hubstatus.usecase.port.HubRef;
import com.hubstatus.usecase.port.ProcessedEvent;

import java.util.Optional;

/**
 * Checks one hub: one connected after its cohort's validation, one whose business ID or service
 * account changed, or one its owner asked to have re-checked. The check's result replaces the
 * problems the hub had. The check is claimed before the external app is called, so duplicates of
 * the request (whatever their event ids) make no second call; the result is recorded with the
 * delivery's processed-event marker.
 */
public record CheckHub(StatusRecorder recorder, HubTransitions transitions, ExternalAppGateway gateway) {

    static final String CONSUMER = "run-validation";

    public enum Outcome { DUPLICATE, HUB_GONE, STALE, BUSY, INCONCLUSIVE, PASSED, FAILED }

    public Outcome run(DomainEvent.CheckRequested request) {
        ProcessedEvent marker = new ProcessedEvent(CONSUMER, request.eventId());
        if (recorder.hubs().isProcessed(marker)) {
            return Outcome.DUPLICATE;
        }
        String claimant = Invocation.token();
        Optional<StatusRecorder.HubOutcome> claim = recorder.onHub(request.workspaceId(), request.hubId(),
                (current, now) -> transitions.claimCheck(current.hub(), request.checkId(), claimant, now));
        if (claim.isEmpty()) {
            return Outcome.HUB_GONE;
        }
        Hub hub = claim.get().hub();
        if (!claim.get().changed()) {
            boolean stale = hub.check() == null || !hub.check().checkId().equals(request.checkId());
            return stale ? Outcome.STALE : Outcome.BUSY;
        }
        return Invocation.lettingGoOnFailure(() -> {
            CheckResult result = gateway.check(HubRef.of(hub));
            recorder.onHub(request.workspaceId(), request.hubId(), Optional.of(marker), (current, now) ->
                    transitions.recordCheck(current.hub(), current.cohort(), request.checkId(), result, now));
            if (result.isTransient()) {
                return Outcome.INCONCLUSIVE;
            }
            return result.hasPassed() ? Outcome.PASSED : Outcome.FAILED;
        }, () -> recorder.onHub(request.workspaceId(), request.hubId(),
                (current, now) -> transitions.releaseCheck(current.hub(), request.checkId(), claimant)));
    }
}
