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

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The staleness sweep, on a schedule. For each hub the sparse sweep index says is due: records
 * Requires sync once the last success is past the threshold (with history and an event), and
 * ahead of that asks once for an automatic sync. Then publishes any event whose publication
 * failed earlier. Reads never wait for it: staleness is computed at read time.
 *
 * <p>With 10 million hubs syncing daily, some 100,000 hubs fall due per 15-minute run, so hubs
 * are worked on concurrently (the time goes into waiting on DynamoDB) and a run stops taking new
 * batches when its time runs short; what it leaves stays due for the next run.
 */
public final class SweepStalenessHandler extends EventHandler {

    static final int BATCH = 1000;
    static final int PARALLEL_HUBS = 32;
    static final int MAX_EVENTS_PER_RUN = 1000;
    /** Time left when a run stops taking new batches. */
    static final long SAFETY_MARGIN_MILLIS = 60_000;
    /** Events younger than this are left to the function that wrote them, which is publishing them. */
    static final Duration OUTBOX_GRACE = Duration.ofMinutes(1);

    private static final System.Logger LOG = System.getLogger(SweepStalenessHandler.class.getName());

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
        int due = 0;
        int changed = 0;
        int scanned = 0;
        while (true) {
            DueScan<HubKey> batch = recorder.store().dueForSweep(recorder.now(), BATCH);
            scanned += batch.scannedCount();
            due += batch.items().size();
            StatusRecorder sweep = recorder.deferringPublication();
            changed += sweepAll(sweep, batch.items());
            sweep.publishDeferred();
            // A hub the sweep leaves due (nothing to do yet at this instant) would come back in
            // the next batch; a short batch means the index holds no more.
            if (batch.items().size() < BATCH || changed == 0 || timeIsShort(context)) {
                break;
            }
        }
        DueScan<OutboxEvent> unpublished = recorder.store().unpublished(started.minus(OUTBOX_GRACE), MAX_EVENTS_PER_RUN);
        EventPublisher.Result republished = publisher.publish(unpublished.items());
        result.put("dueHubs", due);
        result.put("hubsChanged", changed);
        result.put("sweepScannedCount", scanned);
        result.put("eventsRepublished", republished.published());
        result.put("eventsStillUnpublished", republished.failed().size());
    }

    /** Sweeps the hubs a few dozen at a time; returns how many it changed. */
    private int sweepAll(StatusRecorder sweep, List<HubKey> hubs) {
        Semaphore slots = new Semaphore(PARALLEL_HUBS);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (HubKey key : hubs) {
                futures.add(executor.submit(() -> {
                    slots.acquire();
                    try {
                        return sweep.onHub(key.workspaceId(), key.hubId(), null,
                                        (current, now) -> transitions.sweep(current.hub(), current.cohort(), now))
                                .map(StatusRecorder.Outcome::changed).orElse(false);
                    } finally {
                        slots.release();
                    }
                }));
            }
            int changed = 0;
            for (Future<Boolean> future : futures) {
                try {
                    changed += future.get() ? 1 : 0;
                } catch (ExecutionException e) {
                    // The hub stays due; the next run tries it again.
                    LOG.log(Level.WARNING, "sweeping a hub failed: {0}", e.getCause().toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return changed;
        }
    }

    private static boolean timeIsShort(Context context) {
        return context != null && context.getRemainingTimeInMillis() < SAFETY_MARGIN_MILLIS;
    }
}
