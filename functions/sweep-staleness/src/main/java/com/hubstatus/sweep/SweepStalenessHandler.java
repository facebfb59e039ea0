package com.hubstatus.sweep;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.app.FunctionEnvironment;
import com.hubstatus.app.StatusRecorder;
import com.hubstatus.events.EventHandler;
import com.hubstatus.events.EventPublisher;
import com.hubstatus.events.IncomingEvent;
import com.hubstatus.events.MalformedEventException;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.store.DueScan;
import com.hubstatus.store.HubKey;
import com.hubstatus.store.OutboxEvent;

import java.time.Duration;
import java.time.Instant;

/**
 * The staleness sweep, on a schedule. For each hub the sparse sweep index says is due: records
 * Requires sync once the last success is past the threshold (with history and an event), and
 * ahead of that asks once for an automatic sync. Then publishes any event whose publication
 * failed earlier. Reads never wait for it: staleness is computed at read time.
 */
public final class SweepStalenessHandler extends EventHandler {

    static final int MAX_HUBS_PER_RUN = 5000;
    static final int MAX_EVENTS_PER_RUN = 1000;
    /** Events younger than this are left to the function that wrote them, which is publishing them. */
    static final Duration OUTBOX_GRACE = Duration.ofMinutes(1);

    private final StatusRecorder recorder;
    private final HubTransitions transitions;
    private final EventPublisher publisher;

    /** The Lambda runtime's constructor: clients built once per container from the environment. */
    public SweepStalenessHandler() {
        this(FunctionEnvironment.current());
    }

    /** Built from an environment as Lambda provides it (the local stack passes its own). */
    public SweepStalenessHandler(FunctionEnvironment env) {
        this(env.recorder(), env.transitions(), env.publisher());
    }

    public SweepStalenessHandler(StatusRecorder recorder, HubTransitions transitions, EventPublisher publisher) {
        this.recorder = recorder;
        this.transitions = transitions;
        this.publisher = publisher;
    }

    @Override
    protected void handle(IncomingEvent event, Context context, ObjectNode result) {
        if (!event.isScheduled()) {
            throw new MalformedEventException("sweep-staleness takes only its schedule's events");
        }
        Instant started = recorder.now();
        DueScan<HubKey> due = recorder.store().dueForSweep(started, MAX_HUBS_PER_RUN);
        StatusRecorder sweep = recorder.deferringPublication();
        int changed = 0;
        for (HubKey key : due.items()) {
            boolean wrote = sweep.onHub(key.workspaceId(), key.hubId(), null,
                            (current, now) -> transitions.sweep(current.hub(), current.cohort(), now))
                    .map(StatusRecorder.Outcome::changed).orElse(false);
            changed += wrote ? 1 : 0;
        }
        sweep.publishDeferred();
        DueScan<OutboxEvent> unpublished = recorder.store().unpublished(started.minus(OUTBOX_GRACE), MAX_EVENTS_PER_RUN);
        EventPublisher.Result republished = publisher.publish(unpublished.items());
        result.put("dueHubs", due.items().size());
        result.put("hubsChanged", changed);
        result.put("sweepScannedCount", due.scannedCount());
        result.put("eventsRepublished", republished.published());
        result.put("eventsStillUnpublished", republished.failed().size());
    }
}
