package com.hubstatus.testing;

import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.TransitionCause;
import com.hubstatus.usecase.port.Metrics;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Metrics kept as the calls made, in order, for a test to read. */
public final class RecordingMetrics implements Metrics {

    public record Transition(HubStatus to, TransitionCause cause) {
    }

    public record ExternalCall(ExternalApp app, String operation, Duration latency, boolean failed) {
    }

    public record Sweep(int dueHubs, Duration lag) {
    }

    private final Queue<Object> calls = new ConcurrentLinkedQueue<>();

    @Override
    public void transition(HubStatus to, TransitionCause cause) {
        calls.add(new Transition(to, cause));
    }

    @Override
    public void syncStarted() {
        calls.add("syncStarted");
    }

    @Override
    public void syncEnded(boolean succeeded) {
        calls.add(succeeded ? "syncSucceeded" : "syncFailed");
    }

    @Override
    public void externalCall(ExternalApp app, String operation, Duration latency, boolean failed) {
        calls.add(new ExternalCall(app, operation, latency, failed));
    }

    @Override
    public void sweep(int dueHubs, Duration lag) {
        calls.add(new Sweep(dueHubs, lag));
    }

    @Override
    public void outboxDepth(int events) {
        calls.add("outboxDepth=" + events);
    }

    public List<Object> calls() {
        return List.copyOf(calls);
    }

    public <T> List<T> calls(Class<T> type) {
        return calls.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public void clear() {
        calls.clear();
    }
}
