package com.hubstatus.usecase.port;

import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.TransitionCause;

import java.time.Duration;

/**
 * What the use cases count and time, in the product's words; an implementation decides how it
 * reaches a metrics system (CloudWatch's embedded metric format on Lambda). Calls are cheap and
 * never fail the work they describe.
 */
public interface Metrics {

    /** A hub's recorded status changed: into {@code to} (null for a disconnected hub) because of {@code cause}. */
    void transition(HubStatus to, TransitionCause cause);

    /** A sync run was claimed and goes to the external app. */
    void syncStarted();

    /** A sync run ended: succeeded, or failed with a cause the hub's status records. */
    void syncEnded(boolean succeeded);

    /**
     * One call to an external app's automation service.
     *
     * @param operation {@code check} or {@code sync}
     * @param failed    true when the call could not conclude (timeout, outage, unexpected answer)
     */
    void externalCall(ExternalApp app, String operation, Duration latency, boolean failed);

    /**
     * One run of the staleness sweep found {@code dueHubs} due; the longest-due had waited {@code lag}
     * past its due time (zero when none was due).
     */
    void sweep(int dueHubs, Duration lag);

    /** Events the sweep found still waiting in the outbox past their writer's own attempt. */
    void outboxDepth(int events);

    /** Counts nothing: for callers that measure nothing. */
    static Metrics none() {
        return None.INSTANCE;
    }

    /** The implementation of {@link #none()}. */
    enum None implements Metrics {
        INSTANCE;

        @Override
        public void transition(HubStatus to, TransitionCause cause) {
        }

        @Override
        public void syncStarted() {
        }

        @Override
        public void syncEnded(boolean succeeded) {
        }

        @Override
        public void externalCall(ExternalApp app, String operation, Duration latency, boolean failed) {
        }

        @Override
        public void sweep(int dueHubs, Duration lag) {
        }

        @Override
        public void outboxDepth(int events) {
        }
    }
}
