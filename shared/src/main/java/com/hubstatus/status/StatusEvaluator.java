package com.hubstatus.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/**
 * Computes a hub's status from its facts, its validation cohort's facts and the current time.
 * Every function that shows or records a status goes through here, so a read is never stale:
 * staleness is a matter of the time of the read, whether or not the sweep has recorded it.
 */
public final class StatusEvaluator {

    private final StatusPolicy policy;

    public StatusEvaluator(StatusPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public StatusPolicy policy() {
        return policy;
    }

    /**
     * @param hub    the hub's facts
     * @param cohort the hub's validation cohort, or null when none is stored (treated as validated)
     * @param now    the instant to evaluate at
     */
    public StatusView evaluate(Hub hub, ValidationCohort cohort, Instant now) {
        List<Reason> reasons = openReasons(hub, cohort, now);
        HubStatus status = reasons.isEmpty() ? HubStatus.HEALTHY : reasons.getFirst().status();
        NextAction next = reasons.isEmpty() ? NextAction.NONE : reasons.getFirst().nextAction();
        Instant healthyUntil = status == HubStatus.HEALTHY ? hub.staleAt(policy) : null;
        // A run whose lease lapsed is still shown: the retry schedule asks for it again or records
        // it as failed, so the owner sees it running, then its outcome, never nothing in between.
        return new StatusView(hub, status, reasons, next, since(hub, cohort, status, now),
                hub.lastSync(), hub.lastSuccessAt(), healthyUntil, hub.syncRun(), hub.check(), now);
    }

    /**
     * The hub's status from its own facts alone: as if its integration were validated with no
     * review open, and its last success not stale. A hub's status at any instant follows from it:
     * Under validation while its cohort's first validation runs, Under review while its
     * integration is, Requires sync where the standing status is Healthy but the last success is
     * past the threshold, the standing status otherwise (see {@link #cohortStatus}). Listings keep hubs
     * by it, since it changes only when the hub is written.
     */
    public HubStatus standing(Hub hub) {
        List<Reason> reasons = openReasons(hub, null, hub.connectedAt());
        return reasons.isEmpty() ? HubStatus.HEALTHY : reasons.getFirst().status();
    }

    /**
     * The status a cohort gives every hub of its app, whatever the hubs' own facts: Under
     * validation while its first validation runs, Under review while its integration is; empty
     * when it leaves each hub to its own.
     */
    public static Optional<HubStatus> cohortStatus(ValidationCohort cohort) {
        if (cohort != null && cohort.isValidating()) {
            return Optional.of(HubStatus.UNDER_VALIDATION);
        }
        if (cohort != null && cohort.review() != null) {
            return Optional.of(HubStatus.UNDER_REVIEW);
        }
        return Optional.empty();
    }

    private List<Reason> openReasons(Hub hub, ValidationCohort cohort, Instant now) {
        ExternalApp app = hub.app();
        List<Reason> reasons = new ArrayList<>();
        if (cohort != null && cohort.isValidating()) {
            reasons.add(reason(ReasonCode.VALIDATION_IN_PROGRESS, app, "", cohort.requestedAt()));
        }
        if (cohort != null && cohort.review() != null) {
            ValidationCohort.Review review = cohort.review();
            reasons.add(reason(review.code(), app, review.detail(), review.since()));
        }
        for (Problem problem : hub.problems()) {
            reasons.add(reason(problem.code(), app, problem.detail(), problem.since()));
        }
        SyncAttempt last = hub.lastSync();
        if (hub.lastSuccessAt() == null) {
            reasons.add(reason(ReasonCode.NO_INITIAL_SYNC, app, "", hub.connectedAt()));
        }
        if (last != null && !last.hasSucceeded()) {
            reasons.add(reason(ReasonCode.LAST_SYNC_FAILED, app, last.failure().detail(), last.finishedAt()));
        }
        Instant staleAt = hub.staleAt(policy);
        if (staleAt != null && now.isAfter(staleAt)) {
            reasons.add(reason(ReasonCode.SYNC_STALE, app, "", staleAt));
        }
        reasons.sort(Comparator.comparing(Reason::code));
        return reasons;
    }

    private static Reason reason(ReasonCode code, ExternalApp app, String detail, Instant since) {
        return new Reason(code, code.message(app), detail, since);
    }

    /**
     * Since when the hub has been in {@code status}: the recorded instant when the recorded status
     * is the same; otherwise the latest instant among the facts that can move a status without a
     * write to the hub (its cohort completing, its last success going stale).
     */
    private Instant since(Hub hub, ValidationCohort cohort, HubStatus status, Instant now) {
        RecordedStatus recorded = hub.recorded();
        if (recorded != null && recorded.status() == status) {
            return recorded.since();
        }
        Instant since = recorded != null ? recorded.since() : hub.connectedAt();
        List<Instant> moments = new ArrayList<>(2);
        if (cohort != null && cohort.lastCompletedAt() != null) {
            moments.add(cohort.lastCompletedAt());
        }
        Instant staleAt = hub.staleAt(policy);
        if (staleAt != null && now.isAfter(staleAt)) {
            moments.add(staleAt);
        }
        for (Instant moment : moments) {
            if (moment.isAfter(since) && !moment.isAfter(now)) {
                since = moment;
            }
        }
        return since;
    }
}
