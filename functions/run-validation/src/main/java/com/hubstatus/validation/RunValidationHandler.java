package com.hubstatus.validation;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.eventbridge.EventHandler;
import com.hubstatus.eventbridge.IncomingEvent;
import com.hubstatus.events.EventCodec;
import com.hubstatus.events.MalformedEventException;
import com.hubstatus.runtime.FunctionEnvironment;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.usecase.CheckHub;
import com.hubstatus.usecase.RetryDueWork;
import com.hubstatus.usecase.ValidateCohort;

/**
 * Validates integrations and checks hubs.
 *
 * <ul>
 *   <li>{@code Validation Requested}: {@link ValidateCohort}</li>
 *   <li>{@code Check Requested}: {@link CheckHub}</li>
 *   <li>the retry schedule ({@code Scheduled Event}): {@link RetryDueWork}</li>
 * </ul>
 */
public final class RunValidationHandler extends EventHandler {

    private final ValidateCohort validateCohort;
    private final CheckHub checkHub;
    private final RetryDueWork retryDueWork;

    /**
     * The Lambda runtime's constructor: clients and use cases built at init, once per container,
     * from the environment; SnapStart primes the request path before its checkpoint.
     */
    public RunValidationHandler() {
        this(FunctionEnvironment.current());
        FunctionEnvironment.current().primeOnCheckpoint(this::prime);
    }

    /** Built from an environment as Lambda provides it (the local stack passes its own). */
    public RunValidationHandler(FunctionEnvironment env) {
        this(env.validateCohort(), env.checkHub(), env.retryDueWork());
    }

    public RunValidationHandler(ValidateCohort validateCohort, CheckHub checkHub, RetryDueWork retryDueWork) {
        this.validateCohort = validateCohort;
        this.checkHub = checkHub;
        this.retryDueWork = retryDueWork;
    }

    @Override
    protected void handle(IncomingEvent event, Context context, ObjectNode result) {
        if (event.isScheduled()) {
            RetryDueWork.Result retried = retryDueWork.run();
            result.put("hubsAskedAgain", retried.hubsAskedAgain());
            result.put("validationsAskedAgain", retried.validationsAskedAgain());
            result.put("scannedCount", retried.scannedCount());
            return;
        }
        switch (EventCodec.decode(event.detailType(), event.detail())) {
            case DomainEvent.ValidationRequested request -> {
                ValidateCohort.Result validated = validateCohort.run(request, timeLeft(context));
                result.put("outcome", validated.outcome().name());
                result.put("runId", validated.runId());
                result.put("checked", validated.checked());
                result.put("settled", validated.settled());
            }
            case DomainEvent.CheckRequested request -> result.put("outcome", checkHub.run(request).name());
            default -> throw new MalformedEventException("run-validation does not take '" + event.detailType() + "' events");
        }
    }
}
