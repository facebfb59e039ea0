package com.hubstatus.benchmark;

import com.hubstatus.events.EventCodec;
import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * template.yaml's functions in the order each one's input comes from the one before, as in the
 * product: a hub is connected (which asks for its cohort's validation), read, its sync asked for
 * (which publishes Sync Requested), that sync run, the validation run, and the sweep. Each step
 * builds the real event from what the steps before answered and published.
 */
final class Chain {

    static final String CONNECT = "ConnectHubFunction";
    static final String READ = "ReadStatusFunction";
    static final String START_SYNC = "StartSyncFunction";
    static final String RUN_SYNC = "RunSyncFunction";
    static final String VALIDATE = "RunValidationFunction";
    static final String SWEEP = "SweepStalenessFunction";

    /** Every function of the template, in chain order. */
    static final List<String> FUNCTIONS = List.of(CONNECT, READ, START_SYNC, RUN_SYNC, VALIDATE, SWEEP);

    private final Events events = new Events();
    private final LocalEventBridge bus;

    Chain(LocalEventBridge bus) {
        this.bus = bus;
    }

    Events events() {
        return events;
    }

    /**
     * Runs the chain once in {@code workspaceId}: {@code invoke} takes a function's logical id and
     * its event and returns its answer. Returns each function's answer, in chain order; fails on
     * an answer that is not the one the step expects.
     */
    Map<String, String> once(String workspaceId, int n, BiFunction<String, String, String> invoke) {
        Map<String, String> answers = new LinkedHashMap<>();
        String connected = invoke.apply(CONNECT, events.connect(workspaceId, n));
        answers.put(CONNECT, connected);
        String hubId = hubId(connected);
        answers.put(READ, expectStatus(invoke.apply(READ, events.readHub(workspaceId, hubId)), 200));
        answers.put(START_SYNC, expectStatus(invoke.apply(START_SYNC, events.startSync(workspaceId, hubId)), 202));
        answers.put(RUN_SYNC, invoke.apply(RUN_SYNC, syncRequested(hubId)));
        answers.put(VALIDATE, invoke.apply(VALIDATE, validationRequested(workspaceId)));
        answers.put(SWEEP, invoke.apply(SWEEP, sweep()));
        return answers;
    }

    /** The hub a {@code POST /hubs} answer (201) connected. */
    static String hubId(String connectAnswer) {
        return Events.ApiAnswer.of(connectAnswer).expect(201).body().path("hubId").asText();
    }

    /** The Sync Requested event starting a sync of {@code hubId} published, as delivered to run-sync. */
    String syncRequested(String hubId) {
        return Events.delivered(Events.published(bus, EventCodec.SYNC_REQUESTED, "hubId", hubId)
                .orElseThrow(() -> new IllegalStateException("no Sync Requested was published for " + hubId)));
    }

    /** The Validation Requested event connecting the workspace's first hub published, as delivered to run-validation. */
    String validationRequested(String workspaceId) {
        return Events.delivered(Events.published(bus, EventCodec.VALIDATION_REQUESTED, "workspaceId", workspaceId)
                .orElseThrow(() -> new IllegalStateException("no Validation Requested was published for " + workspaceId)));
    }

    /** The sweep schedule's event. */
    String sweep() {
        return events.scheduled("SweepStalenessFunction/Sweep.json");
    }

    private static String expectStatus(String answer, int status) {
        Events.ApiAnswer.of(answer).expect(status);
        return answer;
    }
}
