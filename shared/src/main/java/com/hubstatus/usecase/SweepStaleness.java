package com.hubstatus.usecase;

import com.hubstatus.outbox.OutboxRelay;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.usecase.port.DueScan;
import com.hubstatus.usecase.port.HubKey;

import java.time.Duration;
import java.time.Instant;

/**
 * The staleness sweep. For each hub the sparse sweep index says is due: records Requires sync
 * once the last success is past the threshold (with history and an event), and ahead of that
 * asks once for an automatic sync. Then publishes any event whose publication failed earlier.
 * Reads never wait for it: staleness is computed at read time.
 *
 * <p>With 10 million hubs syncing daily, some 100,000 hubs fall due per 15-minute run, so hubs
 * are worked on concurrently and a run stops taking new batches when its time runs short; what
 * it leaves stays due for the next run.
 *
 * <p>Each run reports how many hubs were due and how long the longest-due had waited past its
 * due time (the sweep's lag), and how many events it found waiting in the outbox.
 */
public record SweepStaleness(StatusRecorder recorder, HubTransitions transitions) {

    static final int BATCH = 1000;
    static final int PARALLEL_HUBS = 32;
    static final int MAX_EVENTS_PER_RUN = 1000;
    /** Time left when a run stops taking new batches. */
    static final long SAFETY_MARGIN_MILLIS = 60_000;
    /** Events younger than this are left to the function that wrote them, which is publishing them. */
    static final Duration OUTBOX_GRACE = Duration.ofMinutes(1);

    /**
     * @param dueHubs                the hubs the index said were due
     * @param hubsChanged            the hubs the sweep wrote
     * @param sweepScannedCount      index entries read
     * @param eventsRepublished      outbox entries published by this run
     * @param eventsStillUnpublished outbox entries that failed again
     */
    public record Result(int dueHubs, int hubsChanged, int sweepScannedCount, int eventsRepublished,
                         int eventsStillUnpublished) {
    }

    public Result run(TimeBudget budget) {
        Instant started = recorder.now();
        int due = 0;
        int changed = 0;
        int scanned = 0;
        Duration lag = Duration.ZERO;
        while (true) {
            Instant scannedAt = recorder.now();
            DueScan<HubKey> batch = recorder.hubs().dueForSweep(scannedAt, BATCH);
            scanned += batch.scannedCount();
            due += batch.items().size();
            Duration behind = batch.oldestDue().map(oldest -> Duration.between(oldest, scannedAt)).orElse(Duration.ZERO);
            lag = behind.compareTo(lag) > 0 ? behind : lag;
            StatusRecorder sweep = recorder.batched();
            changed += Concurrently.count(batch.items(), PARALLEL_HUBS, key -> sweep.onHub(key.workspaceId(),
                            key.hubId(), (current, now) -> transitions.sweep(current.hub(), current.cohort(), now))
                    .map(StatusRecorder.HubOutcome::changed).orElse(false));
            sweep.flush();
            // A hub the sweep leaves due (nothing to do yet at this instant) would come back in
            // the next batch; a short batch means the index holds no more.
            if (batch.items().size() < BATCH || changed == 0 || budget.remainingMillis() < SAFETY_MARGIN_MILLIS) {
                break;
            }
        }
        recorder.metrics().sweep(due, lag);
        OutboxRelay.Result republished = recorder.relay().republish(started.minus(OUTBOX_GRACE), MAX_EVENTS_PER_RUN);
        recorder.metrics().outboxDepth(republished.published() + republished.failed().size());
        return new Result(due, changed, scanned, republished.published(), republished.failed().size());
    }
}
