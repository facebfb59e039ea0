package com.hubstatus.sweep;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.eventbridge.EventHandler;
import com.hubstatus.eventbridge.IncomingEvent;
import com.hubstatus.events.MalformedEventException;
import com.hubstatus.runtime.FunctionEnvironment;
import com.hubstatus.usecase.SweepStaleness;

/** The staleness sweep, on a schedule: {@link SweepStaleness}. */
public final class SweepStalenessHandler extends EventHandler {

    private final SweepStaleness sweepStaleness;

    /**
     * The Lambda runtime's constructor: clients and use cases built at init, once per container,
     * from the environment; SnapStart primes the request path before its checkpoint.
     */
    public SweepStalenessHandler() {
        this(FunctionEnvironment.current());
        FunctionEnvironment.current().primeOnCheckpoint(this::prime);
    }

    /** Built from an environment as Lambda provides it (the local stack passes its own). */
    public SweepStalenessHandler(FunctionEnvironment env) {
        this(env.sweepStaleness());
    }

    public SweepStalenessHandler(SweepStaleness sweepStaleness) {
        this.sweepStaleness = sweepStaleness;
    }

    @Override
    protected void handle(IncomingEvent event, Context context, ObjectNode result) {
        if (!event.isScheduled()) {
            throw new MalformedEventException("sweep-staleness takes only its schedule's events");
        }
        SweepStaleness.Result swept = sweepStaleness.run(timeLeft(context));
        result.put("dueHubs", swept.dueHubs());
        result.put("hubsChanged", swept.hubsChanged());
        result.put("sweepScannedCount", swept.sweepScannedCount());
        result.put("eventsRepublished", swept.eventsRepublished());
        result.put("eventsStillUnpublished", swept.eventsStillUnpublished());
    }
}
