package com.hubstatus.outbox;

import com.hubstatus.observability.JsonLogger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Moves entries from the outbox to the bus: publishes them, trying failed ones again a few times,
 * and removes what the bus accepted. What still fails stays in the outbox, and
 * {@link #republish} (the staleness sweep's) publishes it later, so no event is lost.
 */
public final class OutboxRelay {

    static final int ATTEMPTS = 3;

    private static final System.Logger LOG = JsonLogger.of(OutboxRelay.class);

    private final Outbox outbox;
    private final EventBus bus;

    public OutboxRelay(Outbox outbox, EventBus bus) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.bus = Objects.requireNonNull(bus, "bus");
    }

    /** Publishes entries that were just written; returns what happened. */
    public Result relay(List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return new Result(0, List.of());
        }
        List<OutboxEntry> pending = List.copyOf(entries);
        List<String> published = new ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS && !pending.isEmpty(); attempt++) {
            Set<String> accepted = bus.put(pending);
            published.addAll(accepted);
            pending = pending.stream().filter(entry -> !accepted.contains(entry.eventId())).toList();
        }
        if (!published.isEmpty()) {
            outbox.remove(published);
        }
        for (OutboxEntry entry : pending) {
            LOG.log(Level.WARNING, "event {0} ({1}) stays in the outbox for a later attempt", entry.eventId(),
                    entry.detailType());
        }
        return new Result(published.size(), pending);
    }

    /**
     * Publishes entries written before {@code writtenBefore} that are still in the outbox: their
     * writer's own publication failed or never ran.
     */
    public Result republish(Instant writtenBefore, int limit) {
        return relay(outbox.unpublished(writtenBefore, limit));
    }

    /**
     * Collects entries to relay together, so work over many hubs publishes them ten to a call
     * instead of one call per hub. Until {@link Batch#flush()} they wait in the outbox, as any
     * entry not yet published does. Safe for concurrent use.
     */
    public Batch batch() {
        return new Batch();
    }

    public final class Batch {
        private final Queue<OutboxEntry> entries = new ConcurrentLinkedQueue<>();

        private Batch() {
        }

        public void add(List<OutboxEntry> written) {
            entries.addAll(written);
        }

        public Result flush() {
            List<OutboxEntry> taken = new ArrayList<>();
            for (OutboxEntry entry; (entry = entries.poll()) != null; ) {
                taken.add(entry);
            }
            return relay(taken);
        }
    }

    /**
     * @param published how many entries were published
     * @param failed    the entries that stay in the outbox
     */
    public record Result(int published, List<OutboxEntry> failed) {
        public Result {
            failed = List.copyOf(failed);
        }
    }
}
