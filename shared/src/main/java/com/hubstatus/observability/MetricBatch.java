package com.hubstatus.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The metric values one invocation recorded, written together when it ends: a sweep over
 * thousands of hubs writes a few metric lines, not one per hub. Held per thread like the
 * {@link LogContext} and inherited by the threads the invocation starts; safe for their concurrent use.
 */
public final class MetricBatch {

    private static final InheritableThreadLocal<MetricBatch> CURRENT = new InheritableThreadLocal<>();

    /** One value of one metric. */
    public record Value(String namespace, Map<String, String> dimensions, String name, String unit, double value) {
        public Value {
            dimensions = Map.copyOf(dimensions);
        }
    }

    private final Queue<Value> values = new ConcurrentLinkedQueue<>();

    private MetricBatch() {
    }

    /** The current invocation's batch, or null outside one. */
    public static MetricBatch current() {
        return CURRENT.get();
    }

    public void add(Value value) {
        values.add(value);
    }

    /** Opens a batch for the current thread; closing the scope writes what it holds and restores the one before. */
    static LogContext.Scope open() {
        MetricBatch before = CURRENT.get();
        MetricBatch batch = new MetricBatch();
        CURRENT.set(batch);
        return () -> {
            try {
                batch.flush();
            } finally {
                CURRENT.set(before);
            }
        };
    }

    /** Writes the values recorded so far as embedded-metric-format lines, with the context's fields. */
    void flush() {
        List<Value> taken = new ArrayList<>();
        for (Value value; (value = values.poll()) != null; ) {
            taken.add(value);
        }
        if (!taken.isEmpty()) {
            EmfLines.lines(taken, System.currentTimeMillis(), LogContext.fields()).forEach(LogLines::write);
        }
    }
}
