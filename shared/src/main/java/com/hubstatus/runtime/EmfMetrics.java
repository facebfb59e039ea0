package com.hubstatus.runtime;

import com.hubstatus.observability.EmfLines;
import com.hubstatus.observability.MetricBatch;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.TransitionCause;
import com.hubstatus.usecase.port.Metrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@link Metrics} in CloudWatch's embedded metric format: JSON lines on standard output from which
 * CloudWatch Logs extracts the metrics, with no call to CloudWatch. Within an invocation the values
 * wait in its {@link MetricBatch} and are written ({@link EmfLines}) when it ends, one line per set
 * of dimension values; outside one, each value is written at once.
 *
 * <p>Every metric carries the dimension {@code Service} (the deployment's name), so two stacks in
 * one account keep theirs apart:
 * <ul>
 *   <li>{@code StatusTransitions} (Count) by {@code Service, Status, Cause}</li>
 *   <li>{@code SyncsStarted}, {@code SyncsSucceeded}, {@code SyncsFailed} (Count) by {@code Service}</li>
 *   <li>{@code ExternalCallLatency} (Milliseconds) and {@code ExternalCallErrors} (Count) by
 *       {@code Service, App, Operation}</li>
 *   <li>{@code SweepDueHubs} (Count) and {@code SweepLag} (Milliseconds) by {@code Service}</li>
 *   <li>{@code OutboxDepth} (Count) by {@code Service}</li>
 * </ul>
 */
public final class EmfMetrics implements Metrics {

    public static final String DEFAULT_NAMESPACE = "hubstatus";
    public static final String DEFAULT_SERVICE = "hubstatus";

    private static final String COUNT = EmfLines.COUNT;
    private static final String MILLISECONDS = EmfLines.MILLISECONDS;

    private final String namespace;
    private final String service;

    public EmfMetrics(String namespace, String service) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public void transition(HubStatus to, TransitionCause cause) {
        record(dimensions("Status", to == null ? "DISCONNECTED" : to.name(), "Cause", cause.name()),
                "StatusTransitions", COUNT, 1);
    }

    @Override
    public void syncStarted() {
        record(dimensions(), "SyncsStarted", COUNT, 1);
    }

    @Override
    public void syncEnded(boolean succeeded) {
        record(dimensions(), succeeded ? "SyncsSucceeded" : "SyncsFailed", COUNT, 1);
    }

    @Override
    public void externalCall(ExternalApp app, String operation, Duration latency, boolean failed) {
        Map<String, String> dimensions = dimensions("App", app.id(), "Operation", operation);
        record(dimensions, "ExternalCallLatency", MILLISECONDS, latency.toNanos() / 1_000_000.0);
        record(dimensions, "ExternalCallErrors", COUNT, failed ? 1 : 0);
    }

    @Override
    public void sweep(int dueHubs, Duration lag) {
        record(dimensions(), "SweepDueHubs", COUNT, dueHubs);
        record(dimensions(), "SweepLag", MILLISECONDS, Math.max(0, lag.toMillis()));
    }

    @Override
    public void outboxDepth(int events) {
        record(dimensions(), "OutboxDepth", COUNT, events);
    }

    private Map<String, String> dimensions(String... namesAndValues) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Service", service);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            dimensions.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return dimensions;
    }

    private void record(Map<String, String> dimensions, String name, String unit, double value) {
        EmfLines.record(new MetricBatch.Value(namespace, dimensions, name, unit, value));
    }
}
