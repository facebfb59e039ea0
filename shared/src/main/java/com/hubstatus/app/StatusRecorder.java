package com.hubstatus.app;

import com.hubstatus.events.EventPublisher;
import com.hubstatus.status.Decision;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.store.ConcurrentChangeException;
import com.hubstatus.store.HubStore;
import com.hubstatus.store.OutboxEvent;
import com.hubstatus.store.ProcessedEvent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Load, decide, save, publish: the one way functions change hubs and cohorts. A decision made on
 * facts someone else changed meanwhile is made again on the new facts, a few times at most.
 */
public final class StatusRecorder {

    static final int ATTEMPTS = 5;

    private final HubStore store;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Queue<OutboxEvent> deferred;

    public StatusRecorder(HubStore store, EventPublisher publisher, Clock clock) {
        this(store, publisher, clock, null);
    }

    private StatusRecorder(HubStore store, EventPublisher publisher, Clock clock, Queue<OutboxEvent> deferred) {
        this.store = Objects.requireNonNull(store, "store");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.deferred = deferred;
    }

    /**
     * A recorder that keeps the events of what it records until {@link #publishDeferred()}, so
     * work over many hubs publishes them ten to a PutEvents call instead of one call per hub.
     * Until then they wait in the outbox, like any event not yet published.
     */
    public StatusRecorder deferringPublication() {
        return new StatusRecorder(store, publisher, clock, new ConcurrentLinkedQueue<>());
    }

    /** Publishes what a deferring recorder kept. */
    public void publishDeferred() {
        if (deferred == null || deferred.isEmpty()) {
            return;
        }
        List<OutboxEvent> events = new ArrayList<>();
        for (OutboxEvent event; (event = deferred.poll()) != null; ) {
            events.add(event);
        }
        publisher.publish(events);
    }

    public HubStore store() {
        return store;
    }

    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Decides on a hub's current facts (with its cohort). */
    @FunctionalInterface
    public interface HubDecider {
        /** @return the decision, or null when there is nothing to change */
        Decision decide(HubStore.HubWithCohort current, Instant now);
    }

    /** Decides on a cohort's current facts. */
    @FunctionalInterface
    public interface CohortDecider {
        /** @return the decision, or null when there is nothing to change */
        Decision decide(ValidationCohort cohort, Instant now);
    }

    /**
     * What was decided and written.
     *
     * @param decision the decision, or null when there was nothing to change
     * @param saved    what the store wrote, or null when nothing was written
     */
    public record Outcome(Decision decision, HubStore.Saved saved) {
        public boolean changed() {
            return saved != null;
        }
    }

    /** @return empty when the hub does not exist */
    public Optional<Outcome> onHub(String workspaceId, String hubId, ProcessedEvent marker, HubDecider decider) {
        return readDecideRecord(() -> store.findHubWithCohort(workspaceId, hubId), decider::decide, marker);
    }

    /** @return empty when the cohort does not exist */
    public Optional<Outcome> onCohort(String workspaceId, ExternalApp app, ProcessedEvent marker, CohortDecider decider) {
        return readDecideRecord(() -> store.findCohort(workspaceId, app), decider::decide, marker);
    }

    /** Reads, decides and records, again from a fresh read when the write meets a concurrent change. */
    private <T> Optional<Outcome> readDecideRecord(Supplier<Optional<T>> read, BiFunction<T, Instant, Decision> decide,
                                                   ProcessedEvent marker) {
        for (int attempt = 1; ; attempt++) {
            Optional<T> current = read.get();
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Instant now = now();
            Decision decision = decide.apply(current.get(), now);
            if (decision == null) {
                return Optional.of(new Outcome(null, null));
            }
            try {
                return Optional.of(record(decision, marker, now));
            } catch (ConcurrentChangeException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Writes a decision made at {@code now} and publishes its events. No retry: a concurrent
     * change surfaces to the caller.
     */
    public Outcome record(Decision decision, ProcessedEvent marker, Instant now) {
        HubStore.Saved saved = store.save(decision, marker, now);
        if (deferred != null) {
            deferred.addAll(saved.outbox());
        } else if (!saved.outbox().isEmpty()) {
            publisher.publish(saved.outbox());
        }
        return new Outcome(decision, saved);
    }
}
