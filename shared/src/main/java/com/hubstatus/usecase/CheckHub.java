package com.hubstatus.usecase;

import com.hubstatus.status.CheckResult;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.usecase.port.ExternalAppGateway;
import com.hubstatus.usecase.port.HubRef;
import com.hubstatus.usecase.port.ProcessedEvent;

import java.util.Objects;
import java.util.Optional;

/**
 * Checks one hub: one connected after its cohort's validation, or one whose business ID or
 * service account changed. The check's result replaces the problems the hub had.
 */
public final class CheckHub {

    static final String CONSUMER = "run-validation";

    public enum Outcome { DUPLICATE, HUB_GONE, STALE, INCONCLUSIVE, PASSED, FAILED }

    private final StatusRecorder recorder;
    private final HubTransitions transitions;
    private final ExternalAppGateway gateway;

    public CheckHub(StatusRecorder recorder, HubTransitions transitions, ExternalAppGateway gateway) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.transitions = Objects.requireNonNull(transitions, "transitions");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    public Outcome run(DomainEvent.CheckRequested request) {
        ProcessedEvent marker = new ProcessedEvent(CONSUMER, request.eventId());
        if (recorder.hubs().isProcessed(marker)) {
            return Outcome.DUPLICATE;
        }
        Optional<Hub> hub = recorder.hubs().findHub(request.workspaceId(), request.hubId());
        if (hub.isEmpty()) {
            return Outcome.HUB_GONE;
        }
        if (hub.get().check() == null || !hub.get().check().checkId().equals(request.checkId())) {
            return Outcome.STALE;
        }
        CheckResult result = gateway.check(HubRef.of(hub.get()));
        recorder.onHub(request.workspaceId(), request.hubId(), Optional.of(marker), (current, now) ->
                transitions.recordCheck(current.hub(), current.cohort(), request.checkId(), result, now));
        if (result.isTransient()) {
            return Outcome.INCONCLUSIVE;
        }
        return result.hasPassed() ? Outcome.PASSED : Outcome.FAILED;
    }
}
