package com.hubstatus.sync;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.eventbridge.EventHandler;
import com.hubstatus.eventbridge.IncomingEvent;
import com.hubstatus.events.EventCodec;
import com.hubstatus.events.MalformedEventException;
import com.hubstatus.runtime.FunctionEnvironment;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.usecase.RunSync;

/** Runs a sync that was asked for ({@code Sync Requested}, manual or automatic). */
public final class RunSyncHandler extends EventHandler {

    private final RunSync runSync;

    /**
     * The Lambda runtime's constructor: clients and use cases built at init, once per container,
     * from the environment; SnapStart primes the request path before its checkpoint.
     */
    public RunSyncHandler() {
        this(FunctionEnvironment.current());
        FunctionEnvironment.current().primeOnCheckpoint(this::prime);
    }

    /** Built from an environment as Lambda provides it (the local stack passes its own). */
    public RunSyncHandler(FunctionEnvironment env) {
        this(env.runSync());
    }

    public RunSyncHandler(RunSync runSync) {
        this.runSync = runSync;
    }

    @Override
    protected void handle(IncomingEvent event, Context context, ObjectNode result) {
        if (!(EventCodec.decode(event.detailType(), event.detail()) instanceof DomainEvent.SyncRequested request)) {
            throw new MalformedEventException("run-sync does not take '" + event.detailType() + "' events");
        }
        result.put("outcome", runSync.run(request).name());
        result.put("runId", request.runId());
    }
}
