package com.hubstatus.usecase;

import com.hubstatus.observability.JsonLogger;
import com.hubstatus.observability.LogContext;
import com.hubstatus.outbox.OutboxRelay;
import com.hubstatus.status.Decision;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HistoryEntry;
import com.hubstatus.status.Hub;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.usecase.port.ConcurrentChangeException;
import com.hubstatus.usecase.port.HubRepository;
import com.hubstatus.usecase.port.HubWithCohort;
import com.hubstatus.usecase.port.Metrics;
import com.hubstatus.usecase.port.ProcessedEvent;
import com.hubstatus.usecase.port.Saved;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Load, decide, save, relay: the one way use cases change hubs and cohorts. A decision made on
 * facts someone else changed meanwhile is made again on the new facts, a few times at most.
 * Events are relayed from the outbox once the write succeeded; a recorder made by
 * {@link #batched()} keeps them until {@link #flush()}, so work over many hubs publishes them
 * ten to a call. Each status transition it records is logged and counted.
 */
public final class StatusRecorder {

    /** Looked up at the first log line. */
    private static final class Log {
        static final System.Logger LOG = JsonLogger.of(StatusRecorder.class);
    }

    static final int ATTEMPTS = 8;
    /** The longest pause between attempts: a few dozen writers on one item settle well within it. */
    static final long MAX_BACKOFF_MILLIS = 200;

    private final HubRepository hubs;
    private final OutboxRelay relay;
    private final Clock clock;
    private final Optional<OutboxRelay.Batch> batch;
    private final Metrics metrics;

    public StatusRecorder(HubRepository hubs, OutboxRelay relay, Clock clock) {
        this(hubs, relay, clock, Metrics.none());
    }

    public StatusRecorder(HubRepository hubs, OutboxRelay relay, Clock clock, Metrics metrics) {
        this(hubs, relay, clock, Optional.empty(), metrics);
    }

    private StatusRecorder(HubRepository hubs, OutboxRelay relay, Clock clock, Optional<OutboxRelay.Batch> batch,
                           Metrics metrics) {
        this.hubs = Objects.requireNonNull(hubs, "hubs");
        this.relay = Objects.requireNonNull(relay, "relay");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.batch = batch;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** A recorder that relays what it records at {@link #flush()}. */
    public StatusRecorder batched() {
        return new StatusRecorder(hubs, relay, clock, Optional.of(relay.batch()), metrics);
    }

    /** What the use cases count and time. */
    public Metrics metrics() {
        return metrics;
    }

    /** Relays what a batched recorder kept. */
    public void flush() {
        batch.ifPresent(OutboxRelay.Batch::flush);
    }

    public HubRepository hubs() {
        return hubs;
    }

    public OutboxRelay relay() {
        return relay;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Decides on a hub's current facts (with its cohort). */
    @FunctionalInterface
    public interface HubDecider {
        /** @return the decision, or empty when there is nothing to change */
        Optional<Decision> decide(HubWithCohort current, Instant now);
    }

    /** Decides on a cohort's current facts. */
    @FunctionalInterface
    public interface CohortDecider {
        /** @return the decision, or empty when there is nothing to change */
        Optional<Decision> decide(ValidationCohort cohort, Instant now);
    }

    /**
     * A hub and its cohort as they stand once a decision was recorded: the written versions, or
     * the facts as read when there was nothing to change.
     *
     * @param hub     the hub (its last facts, if the decision deleted it)
     * @param cohort  its cohort, or null when none is stored
     * @param changed whether anything was written
     */
    public record HubOutcome(Hub hub, ValidationCohort cohort, boolean changed) {
        public HubWithCohort asHubWithCohort() {
            return new HubWithCohort(hub, cohort);
        }
    }

    /**
     * A cohort as it stands once a decision was recorded.
     *
     * @param cohort  the written version, or the cohort as read when there was nothing to change
     * @param changed whether anything was written
     */
    public record CohortOutcome(ValidationCohort cohort, boolean changed) {
    }

    /** @return empty when the hub does not exist */
    public Optional<HubOutcome> onHub(String workspaceId, String hubId, Optional<ProcessedEvent> marker,
                                      HubDecider decider) {
        try (LogContext.Scope hub = LogContext.hub(workspaceId, hubId)) {
            return onHubInContext(workspaceId, hubId, marker, decider);
        }
    }

    private Optional<HubOutcome> onHubInContext(String workspaceId, String hubId, Optional<ProcessedEvent> marker,
                                                HubDecider decider) {
        return readDecideRecord(() -> hubs.findHubWithCohort(workspaceId, hubId),
                (current, now) -> current.flatMap(found -> decider.decide(found, now)), marker,
                (current, saved) -> current.map(found -> new HubOutcome(
                        saved.flatMap(Saved::hub).orElse(found.hub()),
                        saved.flatMap(Saved::cohort).orElse(found.cohort()),
                        saved.isPresent())));
    }

    public Optional<HubOutcome> onHub(String workspaceId, String hubId, HubDecider decider) {
        return onHub(workspaceId, hubId, Optional.empty(), decider);
    }

    /** @return empty when the cohort does not exist */
    public Optional<CohortOutcome> onCohort(String workspaceId, ExternalApp app, CohortDecider decider) {
        try (LogContext.Scope workspace = LogContext.with(LogContext.WORKSPACE_ID, workspaceId)) {
            return onCohortInContext(workspaceId, app, decider);
        }
    }

    private Optional<CohortOutcome> onCohortInContext(String workspaceId, ExternalApp app, CohortDecider decider) {
        return readDecideRecord(() -> hubs.findCohort(workspaceId, app),
                (current, now) -> current.flatMap(cohort -> decider.decide(cohort, now)), Optional.empty(),
                (current, saved) -> current.map(cohort ->
                        new CohortOutcome(saved.flatMap(Saved::cohort).orElse(cohort), saved.isPresent())));
    }

    /**
     * Records the creation of a hub, decided on its app's cohort in the workspace (empty when none
     * is stored yet). A cohort someone else creates or changes meanwhile makes the decision again.
     */
    public HubOutcome onNewHub(String workspaceId, ExternalApp app,
                               BiFunction<Optional<ValidationCohort>, Instant, Decision> decider) {
        return readDecideRecord(() -> hubs.findCohort(workspaceId, app),
                (cohort, now) -> Optional.of(decider.apply(cohort, now)), Optional.empty(),
                (cohort, saved) -> new HubOutcome(
                        saved.flatMap(Saved::hub).orElseThrow(),
                        saved.flatMap(Saved::cohort).or(() -> cohort).orElse(null),
                        true));
    }

    /** Reads, decides and records, again from a fresh read when the write meets a concurrent change. */
    private <T, R> R readDecideRecord(Supplier<T> read, BiFunction<T, Instant, Optional<Decision>> decide,
                                      Optional<ProcessedEvent> marker, BiFunction<T, Optional<Saved>, R> outcome) {
        for (int attempt = 1; ; attempt++) {
            T current = read.get();
            Instant now = now();
            Optional<Decision> decision = decide.apply(current, now);
            if (decision.isEmpty()) {
                return outcome.apply(current, Optional.empty());
            }
            try {
                return outcome.apply(current, Optional.of(record(decision.get(), marker, now)));
            } catch (ConcurrentChangeException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    /** Waits a random while, growing with the attempts, so writers that met on one item spread out. */
    private static void backOff(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF_MILLIS, 5L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConcurrentChangeException("interrupted while waiting to try again", e);
        }
    }

    /**
     * Writes a decision made at {@code now} and relays its events. No retry: a concurrent change
     * surfaces to the caller.
     */
    public Saved record(Decision decision, Optional<ProcessedEvent> marker, Instant now) {
        Saved saved = hubs.save(decision, marker, now);
        decision.history().forEach(this::told);
        if (batch.isPresent()) {
            batch.get().add(saved.outbox());
        } else {
            relay.relay(saved.outbox());
        }
        return saved;
    }

    public Saved record(Decision decision, Instant now) {
        return record(decision, Optional.empty(), now);
    }

    /** Logs and counts one recorded transition. */
    private void told(HistoryEntry transition) {
        metrics.transition(transition.to(), transition.cause());
        try (LogContext.Scope hub = LogContext.hub(transition.workspaceId(), transition.hubId());
             LogContext.Scope event = LogContext.with(LogContext.STATUS_EVENT_ID, transition.eventId())) {
            Log.LOG.log(Level.INFO, "status {0} -> {1} ({2}; reasons {3})", name(transition.from()),
                    name(transition.to()), transition.cause(), transition.reasons());
        }
    }

    private static String name(Enum<?> status) {
        return status == null ? "none" : status.name();
    }
}
