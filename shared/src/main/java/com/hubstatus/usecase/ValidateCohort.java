package com.hubstatus.usecase;

import com.hubstatus.status.CheckResult;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.status.ValidationRun;
import com.hubstatus.usecase.port.ConcurrentChangeException;
import com.hubstatus.usecase.port.ExternalAppGateway;
import com.hubstatus.usecase.port.HubRef;
import com.hubstatus.usecase.port.Page;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a cohort's validation (the first, or an operator's re-validation): checks every hub of the
 * cohort, completes the cohort, then records each hub's resulting status. Hubs that join while
 * it runs are checked too, however many, before it completes. A run that would outlast the
 * invocation hands itself on to a new one, so a cohort of any size completes without a timeout.
 *
 * <p>The invocation claims the run before calling the external app: a duplicate of the request,
 * whatever its event id, finds it held and makes no call. An invocation that fails lets go of it,
 * so a retry takes it up at once; a run whose executor died is asked for again by the retry
 * schedule once the claim lapses.
 *
 * @param maxHubsPerInvocation how many hubs one invocation checks or settles before it hands the
 *                             run on (besides running short of time)
 */
public record ValidateCohort(StatusRecorder recorder, HubTransitions transitions, ExternalAppGateway gateway,
                             int maxHubsPerInvocation) {

    static final int PAGE = 25;
    static final int PARALLEL_CHECKS = 8;
    public static final int DEFAULT_MAX_HUBS_PER_INVOCATION = 2000;
    /** Time left when an invocation stops taking more hubs and hands the run on. */
    static final long SAFETY_MARGIN_MILLIS = 60_000;
    /** Rounds in a row that found nothing to check yet could not complete before the run is handed on. */
    static final int MAX_IDLE_ROUNDS = 10;

    public enum Outcome { STALE, BUSY, COMPLETED, CONTINUED, WAITING_FOR_INCONCLUSIVE_CHECKS }

    /**
     * @param outcome how the invocation ended
     * @param runId   the run it worked on
     * @param checked hubs checked by this invocation
     * @param settled hubs whose status this invocation recorded after completion
     */
    public record Result(Outcome outcome, String runId, int checked, int settled) {
    }

    public Result run(DomainEvent.ValidationRequested request, TimeBudget time) {
        Run run = new Run(request.workspaceId(), request.app(), request.runId(), Invocation.token(), time);
        return run.execute();
    }

    /** One invocation's work on a run. */
    private final class Run {
        private final String workspace;
        private final ExternalApp app;
        private final String runId;
        private final String claimant;
        private final TimeBudget time;
        private final AtomicInteger checked = new AtomicInteger();
        private final AtomicInteger settled = new AtomicInteger();
        private int spent;

        Run(String workspace, ExternalApp app, String runId, String claimant, TimeBudget time) {
            this.workspace = workspace;
            this.app = app;
            this.runId = runId;
            this.claimant = claimant;
            this.time = time;
        }

        Result result(Outcome outcome) {
            return new Result(outcome, runId, checked.get(), settled.get());
        }

        Result execute() {
            Optional<StatusRecorder.CohortOutcome> claimed = recorder.onCohort(workspace, app,
                    (cohort, now) -> transitions.claimValidation(cohort, runId, claimant, now));
            if (claimed.isEmpty() || !isThisRun(claimed.get().cohort())) {
                return result(Outcome.STALE);
            }
            if (!claimed.get().changed()) {
                return result(Outcome.BUSY);
            }
            return Invocation.lettingGoOnFailure(this::work, () -> recorder.onCohort(workspace, app,
                    (c, now) -> transitions.releaseValidation(c, runId, claimant)));
        }

        private Result work() {
            int idleRounds = 0;
            while (true) {
                Optional<ValidationCohort> cohort = recorder.hubs().findCohort(workspace, app).filter(this::isThisRun);
                if (cohort.isEmpty()) {
                    return result(Outcome.STALE);
                }
                if (cohort.get().run().phase() == ValidationRun.Phase.SETTLING) {
                    Optional<String> stoppedAt = settleAll(Optional.ofNullable(cohort.get().run().settleCursor()));
                    if (stoppedAt.isPresent()) {
                        return handOn(stoppedAt);
                    }
                    recorder.onCohort(workspace, app, (c, now) -> transitions.finishValidation(c, runId));
                    return result(Outcome.COMPLETED);
                }
                CheckPass pass = checkAll();
                if (pass.stoppedEarly()) {
                    return handOn(Optional.empty());
                }
                if (pass.inconclusive() > 0) {
                    // The retry schedule asks again at the run's retry time; no point in trying now.
                    recorder.onCohort(workspace, app, (c, now) -> transitions.releaseValidation(c, runId, claimant));
                    return result(Outcome.WAITING_FOR_INCONCLUSIVE_CHECKS);
                }
                idleRounds = pass.checked() == 0 ? idleRounds + 1 : 0;
                if (!complete() && (isSpent() || idleRounds >= MAX_IDLE_ROUNDS)) {
                    return handOn(Optional.empty());
                }
                // completed: the next round settles; or a hub joined or changed: the next round checks it
            }
        }

        private boolean isThisRun(ValidationCohort cohort) {
            return cohort.run() != null && cohort.run().runId().equals(runId);
        }

        /** Checks every hub of the cohort this run has not checked yet; stops early when the budget runs out. */
        private CheckPass checkAll() {
            int inconclusive = 0;
            int checkedNow = 0;
            Optional<String> cursor = Optional.empty();
            do {
                Page<Hub> page = recorder.hubs().listCohortHubs(workspace, app, cursor, PAGE, Optional.of(runId));
                StatusRecorder pageRecorder = recorder.batched();
                int conclusive = Concurrently.count(page.items(), PARALLEL_CHECKS, hub -> {
                    CheckResult result = gateway.check(HubRef.of(hub));
                    if (result.isTransient()) {
                        return false;
                    }
                    pageRecorder.onHub(workspace, hub.hubId(), (current, now) ->
                            transitions.recordValidationCheck(current.hub(), current.cohort(), runId, result, now));
                    return true;
                });
                pageRecorder.flush();
                inconclusive += page.items().size() - conclusive;
                checkedNow += page.items().size();
                spend(page.items().size());
                checked.addAndGet(page.items().size());
                cursor = Optional.ofNullable(page.nextCursor());
                if (cursor.isPresent() && isSpent()) {
                    return new CheckPass(true, checkedNow, inconclusive);
                }
            } while (cursor.isPresent());
            return new CheckPass(false, checkedNow, inconclusive);
        }

        /**
         * Completes the run if no hub of the cohort is left unchecked; true when it did. The
         * completion is conditional on the cohort's version, which every hub joining the cohort
         * bumps, so a hub connected after the last look cannot be missed: the write fails and the
         * next round checks it.
         */
        private boolean complete() {
            Optional<ValidationCohort> cohort = recorder.hubs().findCohort(workspace, app)
                    .filter(c -> isThisRun(c) && c.run().phase() == ValidationRun.Phase.CHECKING);
            if (cohort.isEmpty()) {
                return true;
            }
            Optional<String> cursor = Optional.empty();
            do {
                Page<Hub> left = recorder.hubs().listCohortHubs(workspace, app, cursor, PAGE * 4, Optional.of(runId));
                if (!left.items().isEmpty()) {
                    return false;
                }
                cursor = Optional.ofNullable(left.nextCursor());
            } while (cursor.isPresent());
            try {
                Instant now = recorder.now();
                transitions.completeValidation(cohort.get(), runId, now).ifPresent(d -> recorder.record(d, now));
                return true;
            } catch (ConcurrentChangeException e) {
                return false;
            }
        }

        /**
         * Records every hub's status now that the cohort completed, from {@code cursor} on; returns
         * where it stopped when the budget ran out, or empty when it is done.
         */
        private Optional<String> settleAll(Optional<String> cursor) {
            do {
                Page<Hub> page = recorder.hubs().listCohortHubs(workspace, app, cursor, PAGE, Optional.empty());
                StatusRecorder pageRecorder = recorder.batched();
                Concurrently.count(page.items(), PARALLEL_CHECKS, hub -> pageRecorder.onHub(workspace, hub.hubId(),
                        (current, now) -> transitions.settle(current.hub(), current.cohort(), now)).isPresent());
                pageRecorder.flush();
                spend(page.items().size());
                settled.addAndGet(page.items().size());
                cursor = Optional.ofNullable(page.nextCursor());
                if (cursor.isPresent() && isSpent()) {
                    return cursor;
                }
            } while (cursor.isPresent());
            return Optional.empty();
        }

        private Result handOn(Optional<String> settleCursor) {
            recorder.onCohort(workspace, app,
                    (cohort, now) -> transitions.continueValidation(cohort, runId, settleCursor, now));
            return result(Outcome.CONTINUED);
        }

        private void spend(int hubs) {
            spent += hubs;
        }

        private boolean isSpent() {
            return spent >= maxHubsPerInvocation || time.remainingMillis() < SAFETY_MARGIN_MILLIS;
        }
    }

    private record CheckPass(boolean stoppedEarly, int checked, int inconclusive) {
    }
}
