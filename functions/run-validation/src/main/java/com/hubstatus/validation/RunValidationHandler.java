package com.hubstatus.validation;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.app.FunctionEnvironment;
import com.hubstatus.app.StatusRecorder;
import com.hubstatus.events.EventCodec;
import com.hubstatus.events.EventHandler;
import com.hubstatus.events.IncomingEvent;
import com.hubstatus.events.MalformedEventException;
import com.hubstatus.gateway.ExternalAppGateway;
import com.hubstatus.gateway.HubRef;
import com.hubstatus.status.CheckResult;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.status.ValidationRun;
import com.hubstatus.store.ConcurrentChangeException;
import com.hubstatus.store.DueScan;
import com.hubstatus.store.HubStore;
import com.hubstatus.store.Page;
import com.hubstatus.store.ProcessedEvent;
import com.hubstatus.store.RetryKey;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Validates integrations and checks hubs.
 *
 * <ul>
 *   <li>{@code Validation Requested}: runs a cohort's validation (first, or an operator's
 *       re-validation): checks every hub of the cohort, completes the cohort, then records each
 *       hub's resulting status. A run that would outlast the invocation hands itself on to a new
 *       one, so a cohort of any size completes without a timeout.</li>
 *   <li>{@code Check Requested}: checks one hub connected after its cohort's validation, or one
 *       whose business ID or service account changed.</li>
 *   <li>the retry schedule ({@code Scheduled Event}): asks again for runs and checks that have no
 *       result by their retry time.</li>
 * </ul>
 */
public final class RunValidationHandler extends EventHandler {

    static final String CONSUMER = "run-validation";
    static final int PAGE = 25;
    static final int PARALLEL_CHECKS = 8;
    static final int DEFAULT_MAX_HUBS_PER_INVOCATION = 2000;
    /** Time left when an invocation stops taking more hubs and hands the run on. */
    static final long SAFETY_MARGIN_MILLIS = 60_000;
    static final int RETRY_BATCH = 500;
    private static final int COMPLETION_PASSES = 3;

    private static final System.Logger LOG = System.getLogger(RunValidationHandler.class.getName());

    private final StatusRecorder recorder;
    private final HubTransitions transitions;
    private final ExternalAppGateway gateway;
    private final int maxHubsPerInvocation;

    /** The Lambda runtime's constructor: clients built once per container from the environment. */
    public RunValidationHandler() {
        this(FunctionEnvironment.current());
    }

    /** Built from an environment as Lambda provides it (the local stack passes its own). */
    public RunValidationHandler(FunctionEnvironment env) {
        this(env.recorder(), env.transitions(), env.gateway(), DEFAULT_MAX_HUBS_PER_INVOCATION);
    }

    /**
     * @param maxHubsPerInvocation how many hubs one invocation checks or settles before it hands
     *                             the run on (besides running short of time)
     */
    public RunValidationHandler(StatusRecorder recorder, HubTransitions transitions, ExternalAppGateway gateway,
                                int maxHubsPerInvocation) {
        this.recorder = recorder;
        this.transitions = transitions;
        this.gateway = gateway;
        this.maxHubsPerInvocation = maxHubsPerInvocation;
    }

    @Override
    protected void handle(IncomingEvent event, Context context, ObjectNode result) {
        if (event.isScheduled()) {
            retryDue(result);
            return;
        }
        DomainEvent decoded = EventCodec.decode(event.detailType(), event.detail());
        switch (decoded) {
            case DomainEvent.ValidationRequested request -> validate(request, new Budget(context), result);
            case DomainEvent.CheckRequested request -> check(request, result);
            default -> throw new MalformedEventException("run-validation does not take '" + event.detailType() + "' events");
        }
    }

    // ---- cohort validation ------------------------------------------------------------------------

    private void validate(DomainEvent.ValidationRequested request, Budget budget, ObjectNode result) {
        HubStore store = recorder.store();
        if (!store.claim(new ProcessedEvent(CONSUMER, request.eventId()), recorder.now())) {
            result.put("outcome", "DUPLICATE");
            return;
        }
        String workspace = request.workspaceId();
        ExternalApp app = request.app();
        String runId = request.runId();
        result.put("runId", runId);
        for (int pass = 0; pass < COMPLETION_PASSES; pass++) {
            ValidationCohort cohort = store.findCohort(workspace, app).orElse(null);
            if (cohort == null || cohort.run() == null || !cohort.run().runId().equals(runId)) {
                result.put("outcome", "STALE");
                return;
            }
            if (cohort.run().phase() == ValidationRun.Phase.SETTLING) {
                String stoppedAt = settleAll(workspace, app, cohort.run().settleCursor(), budget, result);
                if (stoppedAt != null) {
                    handOn(workspace, app, runId, stoppedAt, result);
                    return;
                }
                recorder.onCohort(workspace, app, null, (c, now) -> transitions.finishValidation(c, runId));
                result.put("outcome", "COMPLETED");
                return;
            }
            CheckPass checked = checkAll(workspace, app, runId, budget, result);
            if (checked.stoppedEarly()) {
                handOn(workspace, app, runId, null, result);
                return;
            }
            if (checked.inconclusive() > 0) {
                // The retry schedule asks again at the run's retry time; no point in trying now.
                result.put("outcome", "WAITING_FOR_INCONCLUSIVE_CHECKS");
                return;
            }
            if (!complete(workspace, app, runId)) {
                continue; // a hub joined or changed meanwhile: check it, then try again
            }
        }
        result.put("outcome", "WAITING");
    }

    /** Checks every hub of the cohort this run has not checked yet; stops early when the budget runs out. */
    private CheckPass checkAll(String workspace, ExternalApp app, String runId, Budget budget, ObjectNode result) {
        int inconclusive = 0;
        String cursor = null;
        do {
            Page<Hub> page = recorder.store().listCohortHubs(workspace, app, cursor, PAGE, runId);
            StatusRecorder pageRecorder = recorder.deferringPublication();
            List<Boolean> conclusive = inParallel(page.items(), hub -> {
                CheckResult checkResult = gateway.check(HubRef.of(hub));
                if (checkResult.isTransient()) {
                    return false;
                }
                pageRecorder.onHub(workspace, hub.hubId(), null, (current, now) ->
                        transitions.recordValidationCheck(current.hub(), current.cohort(), runId, checkResult, now));
                return true;
            });
            pageRecorder.publishDeferred();
            inconclusive += (int) conclusive.stream().filter(done -> !done).count();
            budget.spend(page.items().size());
            result.put("checked", result.path("checked").asInt() + page.items().size());
            cursor = page.nextCursor();
            if (cursor != null && budget.isSpent(maxHubsPerInvocation)) {
                return new CheckPass(true, inconclusive);
            }
        } while (cursor != null);
        return new CheckPass(false, inconclusive);
    }

    private record CheckPass(boolean stoppedEarly, int inconclusive) {
    }

    /**
     * Completes the run if no hub of the cohort is left unchecked. The completion is conditional
     * on the cohort's version, which every hub joining the cohort bumps, so a hub connected after
     * the last look cannot be missed: the write fails and the caller checks again.
     */
    private boolean complete(String workspace, ExternalApp app, String runId) {
        HubStore store = recorder.store();
        ValidationCohort cohort = store.findCohort(workspace, app).orElse(null);
        if (cohort == null || cohort.run() == null || !cohort.run().runId().equals(runId)
                || cohort.run().phase() != ValidationRun.Phase.CHECKING) {
            return true;
        }
        String cursor = null;
        do {
            Page<Hub> left = store.listCohortHubs(workspace, app, cursor, PAGE * 4, runId);
            if (!left.items().isEmpty()) {
                return false;
            }
            cursor = left.nextCursor();
        } while (cursor != null);
        try {
            java.time.Instant now = recorder.now();
            recorder.record(transitions.completeValidation(cohort, runId, now), null, now);
            return true;
        } catch (ConcurrentChangeException e) {
            return false;
        }
    }

    /**
     * Records every hub's status now that the cohort completed, from {@code cursor} on; returns
     * where it stopped when the budget ran out, or null when it is done.
     */
    private String settleAll(String workspace, ExternalApp app, String cursor, Budget budget, ObjectNode result) {
        do {
            Page<Hub> page = recorder.store().listCohortHubs(workspace, app, cursor, PAGE, null);
            StatusRecorder pageRecorder = recorder.deferringPublication();
            inParallel(page.items(), hub -> pageRecorder.onHub(workspace, hub.hubId(), null,
                    (current, now) -> transitions.settle(current.hub(), current.cohort(), now)).isPresent());
            pageRecorder.publishDeferred();
            budget.spend(page.items().size());
            result.put("settled", result.path("settled").asInt() + page.items().size());
            cursor = page.nextCursor();
            if (cursor != null && budget.isSpent(maxHubsPerInvocation)) {
                return cursor;
            }
        } while (cursor != null);
        return null;
    }

    private void handOn(String workspace, ExternalApp app, String runId, String settleCursor, ObjectNode result) {
        recorder.onCohort(workspace, app, null,
                (cohort, now) -> transitions.continueValidation(cohort, runId, settleCursor, now));
        result.put("outcome", "CONTINUED");
    }

    /**
     * Runs {@code work} for each hub, a few at a time: the time goes into waiting on the external
     * app and DynamoDB, not the CPU. A hub whose work fails unexpectedly counts as not done.
     */
    private static List<Boolean> inParallel(List<Hub> hubs, java.util.function.Function<Hub, Boolean> work) {
        Semaphore slots = new Semaphore(PARALLEL_CHECKS);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (Hub hub : hubs) {
                futures.add(executor.submit(() -> {
                    slots.acquire();
                    try {
                        return work.apply(hub);
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<Boolean> done = new ArrayList<>();
            for (Future<Boolean> future : futures) {
                done.add(outcomeOf(future));
            }
            return done;
        }
    }

    private static boolean outcomeOf(Future<Boolean> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "work on a hub failed: {0}", e.getCause().toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- single-hub checks ------------------------------------------------------------------------

    private void check(DomainEvent.CheckRequested request, ObjectNode result) {
        ProcessedEvent marker = new ProcessedEvent(CONSUMER, request.eventId());
        HubStore store = recorder.store();
        if (store.isProcessed(marker)) {
            result.put("outcome", "DUPLICATE");
            return;
        }
        Hub hub = store.findHub(request.workspaceId(), request.hubId()).orElse(null);
        if (hub == null || hub.check() == null || !hub.check().checkId().equals(request.checkId())) {
            result.put("outcome", hub == null ? "HUB_GONE" : "STALE");
            return;
        }
        CheckResult checkResult = gateway.check(HubRef.of(hub));
        recorder.onHub(request.workspaceId(), request.hubId(), marker, (current, now) ->
                transitions.recordCheck(current.hub(), current.cohort(), request.checkId(), checkResult, now));
        result.put("outcome", checkResult.isTransient() ? "INCONCLUSIVE" : checkResult.hasPassed() ? "PASSED" : "FAILED");
    }

    // ---- the retry schedule -----------------------------------------------------------------------

    private void retryDue(ObjectNode result) {
        DueScan<RetryKey> due = recorder.store().dueForRetry(recorder.now(), RETRY_BATCH);
        int checks = 0;
        int runs = 0;
        for (RetryKey key : due.items()) {
            if (key.isHub()) {
                boolean asked = recorder.onHub(key.workspaceId(), key.hubId(), null,
                        (current, now) -> transitions.retryCheck(current.hub(), now)).map(StatusRecorder.Outcome::changed).orElse(false);
                checks += asked ? 1 : 0;
            } else {
                boolean asked = recorder.onCohort(key.workspaceId(), key.app(), null,
                        (cohort, now) -> transitions.retryValidation(cohort, now)).map(StatusRecorder.Outcome::changed).orElse(false);
                runs += asked ? 1 : 0;
            }
        }
        result.put("checksAskedAgain", checks);
        result.put("validationsAskedAgain", runs);
        result.put("scannedCount", due.scannedCount());
    }

    /** What one invocation may still spend: time (from the Lambda context) and hubs. */
    private static final class Budget {
        private final Context context;
        private int spent;

        Budget(Context context) {
            this.context = context;
        }

        void spend(int hubs) {
            spent += hubs;
        }

        boolean isSpent(int maxHubs) {
            return spent >= maxHubs || (context != null && context.getRemainingTimeInMillis() < SAFETY_MARGIN_MILLIS);
        }
    }
}
