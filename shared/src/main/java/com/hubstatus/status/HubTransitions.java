package com.hubstatus.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The state transitions of hubs and their validation cohorts, as pure functions: each takes the
 * facts as read and the current time and returns a {@link Decision} (new facts, events, history);
 * those that may find nothing to change return it as an {@link Optional}. Callers load, decide,
 * save and publish.
 *
 * <p>Every transition that touches a hub ends by comparing the hub's computed status with its
 * recorded one: a difference is a transition, recorded with a history entry and a status-change
 * event; nothing else is.
 */
public final class HubTransitions {

    private final StatusEvaluator evaluator;
    private final StatusPolicy policy;
    private final IdSource ids;

    public HubTransitions(StatusPolicy policy, IdSource ids) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.evaluator = new StatusEvaluator(policy);
    }

    public StatusEvaluator evaluator() {
        return evaluator;
    }

    /** A hub to connect; the caller becomes its first owner. */
    public record NewHub(String workspaceId, ExternalApp app, String name, String businessId,
                         String serviceAccountRef, String ownerId, Set<String> managers) {
    }

    /** An owner's change to a hub; an empty field is left as it is. */
    public record HubChange(Optional<String> name, Optional<String> businessId, Optional<String> serviceAccountRef,
                            Optional<Set<String>> owners, Optional<Set<String>> managers) {
    }

    // ---- connection and administration -------------------------------------------------------

    /**
     * Connects a hub. The first hub of an app in a workspace starts the cohort's validation; a hub
     * connected while it runs joins it (see {@link Decision#joined}); a hub connected after it
     * completed asks for a check of its own.
     */
    public Decision connect(NewHub request, ValidationCohort cohort, Instant now) {
        String hubId = ids.next("hub");
        Set<String> managers = new LinkedHashSet<>(request.managers());
        managers.remove(request.ownerId());
        Hub.Builder hub = Hub.builder()
                .workspaceId(request.workspaceId())
                .hubId(hubId)
                .app(request.app())
                .name(request.name())
                .businessId(request.businessId())
                .serviceAccountRef(request.serviceAccountRef())
                .owners(Set.of(request.ownerId()))
                .managers(managers)
                .connectedAt(now);
        List<DomainEvent> events = new ArrayList<>();
        events.add(new DomainEvent.HubConnected(ids.next("evt"), now, request.workspaceId(), hubId, request.app(),
                request.ownerId()));
        Optional<ValidationCohort> cohortAfter = Optional.empty();
        if (cohort == null) {
            ValidationRun run = newRun(ValidationRun.Kind.INITIAL, request.ownerId(), now);
            ValidationCohort created = new ValidationCohort(request.workspaceId(), request.app(), now, null, null, run,
                    null, 0);
            cohortAfter = Optional.of(created);
            events.add(validationRequested(created, now));
        } else if (!cohort.isValidating()) {
            PendingCheck check = newCheck(CheckTrigger.CONNECTED, now);
            hub.check(check);
            events.add(new DomainEvent.CheckRequested(ids.next("evt"), now, request.workspaceId(), hubId,
                    check.checkId()));
        }
        ValidationCohort cohortForStatus = cohortAfter.orElse(cohort);
        Decision decision = reconcile(null, hub.build(), cohortForStatus, cohortForStatus, now,
                TransitionCause.CONNECTED, events);
        return cohort != null && cohort.isValidating() ? decision.joining(cohort) : decision.withCohort(cohortAfter);
    }

    /**
     * Applies an owner's change. A new business ID or service account asks for a re-check; the
     * hub keeps its open problems until that check no longer finds them.
     */
    public Decision change(Hub hub, ValidationCohort cohort, HubChange change, Instant now) {
        Hub.Builder after = hub.toBuilder();
        change.name().ifPresent(after::name);
        Set<String> owners = change.owners().orElse(hub.owners());
        if (owners.isEmpty()) {
            throw new IllegalArgumentException("a hub needs at least one owner");
        }
        Set<String> managers = new LinkedHashSet<>(change.managers().orElse(hub.managers()));
        managers.removeAll(owners);
        requireWithinMembershipLimits(hub, owners, managers);
        after.owners(owners).managers(managers);
        boolean recheck = false;
        Optional<String> newBusinessId = change.businessId().filter(id -> !id.equals(hub.businessId()));
        if (newBusinessId.isPresent()) {
            after.businessId(newBusinessId.get());
            recheck = true;
        }
        Optional<String> newAccount = change.serviceAccountRef().filter(ref -> !ref.equals(hub.serviceAccountRef()));
        if (newAccount.isPresent()) {
            after.serviceAccountRef(newAccount.get());
            recheck = true;
        }
        List<DomainEvent> events = new ArrayList<>();
        Optional<ValidationCohort> cohortAfter = recheck
                ? checkAgain(hub, after, cohort, CheckTrigger.CONFIGURATION_CHANGED, now, events)
                : Optional.empty();
        return reconcile(hub, after.build(), cohort, cohort, now, TransitionCause.CONFIGURATION_CHANGED, events)
                .withCohort(cohortAfter);
    }

    /**
     * An owner who fixed a problem outside hubstatus (new credentials, MFA turned on at the app)
     * asks for the hub to be checked again; it leaves its review status as soon as the check passes.
     *
     * @throws CheckAlreadyRunningException while a check of the hub is pending, or its cohort's
     *                                      first validation has yet to check it
     */
    public Decision requestRecheck(Hub hub, ValidationCohort cohort, Instant now) {
        boolean checkedByTheFirstValidation = cohort != null && cohort.isValidating();
        if (hub.check() != null || checkedByTheFirstValidation) {
            throw new CheckAlreadyRunningException();
        }
        Hub.Builder after = hub.toBuilder();
        List<DomainEvent> events = new ArrayList<>();
        Optional<ValidationCohort> cohortAfter = checkAgain(hub, after, cohort, CheckTrigger.OWNER_REQUESTED, now, events);
        return reconcile(hub, after.build(), cohort, cohort, now, TransitionCause.CHECK_REQUESTED, events)
                .withCohort(cohortAfter);
    }

    /**
     * Gets the hub checked again: by the re-validation checking its cohort when one is (the cohort
     * is returned, to be written, so the run's completion notices the hub), else by a check of its own.
     */
    private Optional<ValidationCohort> checkAgain(Hub hub, Hub.Builder after, ValidationCohort cohort,
                                                  CheckTrigger trigger, Instant now, List<DomainEvent> events) {
        if (cohort != null && cohort.run() != null && cohort.run().phase() == ValidationRun.Phase.CHECKING) {
            after.validatedRunId(null);
            return Optional.of(cohort);
        }
        PendingCheck check = newCheck(trigger, now);
        after.check(check);
        events.add(new DomainEvent.CheckRequested(ids.next("evt"), now, hub.workspaceId(), hub.hubId(), check.checkId()));
        return Optional.empty();
    }

    private static void requireWithinMembershipLimits(Hub hub, Set<String> owners, Set<String> managers) {
        if (owners.size() > Hub.MAX_OWNERS || managers.size() > Hub.MAX_MANAGERS) {
            throw new MembershipLimitException("a hub has at most " + Hub.MAX_OWNERS + " owners and "
                    + Hub.MAX_MANAGERS + " managers");
        }
        Set<String> members = new HashSet<>(owners);
        members.addAll(managers);
        Set<String> changed = new HashSet<>(members);
        changed.addAll(hub.members());
        Set<String> kept = new HashSet<>(members);
        kept.retainAll(hub.members());
        changed.removeAll(kept);
        if (changed.size() > Hub.MAX_MEMBERSHIP_CHANGES) {
            throw new MembershipLimitException("one change may add or remove at most " + Hub.MAX_MEMBERSHIP_CHANGES
                    + " people; this one changes " + changed.size());
        }
    }

    /** Disconnects a hub: it is removed, with a last history entry and an event. */
    public Decision disconnect(Hub hub, String userId, Instant now) {
        String eventId = ids.next("evt");
        HubStatus from = hub.recorded() != null ? hub.recorded().status() : null;
        HistoryEntry entry = new HistoryEntry(hub.workspaceId(), hub.hubId(), now, from, null, List.of(),
                TransitionCause.DISCONNECTED, eventId);
        DomainEvent event = new DomainEvent.HubDisconnected(eventId, now, hub.workspaceId(), hub.hubId(), hub.app(),
                userId);
        return Decision.deletion(hub, List.of(event), List.of(entry));
    }

    // ---- cohort validation --------------------------------------------------------------------

    /** An operator asks for the cohort to be validated again, e.g. once a failed automation is fixed. */
    public Decision requestRevalidation(ValidationCohort cohort, String operatorId, Instant now) {
        if (cohort.run() != null) {
            throw new ValidationAlreadyRunningException();
        }
        ValidationCohort after = cohort.withRun(newRun(ValidationRun.Kind.REVALIDATION, operatorId, now));
        return Decision.ofCohort(after, List.of(validationRequested(after, now)));
    }

    /**
     * Records what a cohort validation run found for one hub. Hub-level findings become the hub's
     * problems; an automation failure or known issue is the integration's and opens a review of
     * the whole cohort when the run completes. A transient result records nothing: the hub stays
     * unchecked and the run checks it again.
     */
    public Optional<Decision> recordValidationCheck(Hub hub, ValidationCohort cohort, String runId,
                                                    CheckResult result, Instant now) {
        ValidationRun run = cohort.run();
        if (run == null || !run.runId().equals(runId) || run.phase() != ValidationRun.Phase.CHECKING
                || runId.equals(hub.validatedRunId()) || result.isTransient()) {
            return Optional.empty();
        }
        List<Finding> hubFindings = result.findings().stream().filter(f -> !f.cause().concernsIntegration()).toList();
        Hub after = hub.toBuilder()
                .problems(updatedProblems(hub, hubFindings, result.isInconclusive(), now))
                .validatedRunId(runId)
                .check(null)
                .build();
        Optional<ValidationCohort> cohortAfter = Optional.empty();
        if (run.reviewFinding() == null) {
            cohortAfter = result.findings().stream()
                    .filter(f -> f.cause().concernsIntegration())
                    .findFirst()
                    .map(f -> cohort.withRun(run.withReviewFinding(f)));
        }
        ValidationCohort cohortForStatus = cohortAfter.orElse(cohort);
        return Optional.of(reconcile(hub, after, cohort, cohortForStatus, now, TransitionCause.VALIDATION_CHECKED,
                List.of()).withCohort(cohortAfter));
    }

    /**
     * Completes the checking phase of a run: the cohort is validated from now on, with a review
     * open if the run found an automation failure or known issue, closed otherwise. Its hubs'
     * statuses are then recorded by {@link #settle}.
     */
    public Optional<Decision> completeValidation(ValidationCohort cohort, String runId, Instant now) {
        ValidationRun run = cohort.run();
        if (run == null || !run.runId().equals(runId) || run.phase() != ValidationRun.Phase.CHECKING) {
            return Optional.empty();
        }
        ValidationCohort.Review review = null;
        if (run.reviewFinding() != null) {
            ReasonCode code = ReasonCode.forIntegrationCause(run.reviewFinding().cause());
            Instant since = cohort.review() != null && cohort.review().code() == code ? cohort.review().since() : now;
            review = new ValidationCohort.Review(code, run.reviewFinding().detail(), since);
        }
        Instant completedAt = cohort.completedAt() != null ? cohort.completedAt() : now;
        ValidationCohort after = new ValidationCohort(cohort.workspaceId(), cohort.app(), cohort.requestedAt(),
                completedAt, now, run.withPhase(ValidationRun.Phase.SETTLING), review, cohort.version());
        return Optional.of(Decision.ofCohort(after, List.of()));
    }

    /** Records a hub's status after its cohort changed; empty when the recorded status is current. */
    public Optional<Decision> settle(Hub hub, ValidationCohort cohort, Instant now) {
        Decision decision = reconcile(hub, hub, cohort, cohort, now, TransitionCause.VALIDATION_COMPLETED, List.of());
        return decision.hub().filter(written -> written != hub).map(written -> decision);
    }

    /** Ends a run once every hub's status is recorded. */
    public Optional<Decision> finishValidation(ValidationCohort cohort, String runId) {
        ValidationRun run = cohort.run();
        if (run == null || !run.runId().equals(runId) || run.phase() != ValidationRun.Phase.SETTLING) {
            return Optional.empty();
        }
        return Optional.of(Decision.ofCohort(cohort.withRun(null), List.of()));
    }

    /** Asks again for a run that has not finished by its retry time (its executor stopped or failed). */
    public Optional<Decision> retryValidation(ValidationCohort cohort, Instant now) {
        ValidationRun run = cohort.run();
        if (run == null || run.retryAt().isAfter(now) || run.isClaimedAt(now)) {
            return Optional.empty();
        }
        ValidationCohort after = cohort.withRun(run.retried(now.plus(policy.retryDelayAfter(run.attempts() + 1))));
        return Optional.of(Decision.ofCohort(after, List.of(validationRequested(after, now))));
    }

    /**
     * An executor takes a run on, so duplicates of its request stay away from the external app.
     * Empty when the run is not the cohort's current one or another executor holds it; the same
     * claimant (a retried delivery) may take it up again.
     */
    public Optional<Decision> claimValidation(ValidationCohort cohort, String runId, String claimant, Instant now) {
        ValidationRun run = cohort.run();
        if (run == null || !run.runId().equals(runId) || (run.claim() != null && run.claim().keepsAway(claimant, now))) {
            return Optional.empty();
        }
        return Optional.of(Decision.ofCohort(cohort.withRun(run.claimedBy(new Claim(claimant, now.plus(policy.claimLease())))),
                List.of()));
    }

    /** An executor lets go of a run it cannot finish now; the retry schedule asks for it at its retry time. */
    public Optional<Decision> releaseValidation(ValidationCohort cohort, String runId, String claimant) {
        ValidationRun run = cohort.run();
        if (run == null || !run.runId().equals(runId) || run.claim() == null || !run.claim().by().equals(claimant)) {
            return Optional.empty();
        }
        return Optional.of(Decision.ofCohort(cohort.withRun(run.claimedBy(null)), List.of()));
    }

    /**
     * Hands a run that is making progress on to a new invocation: asks for it again now and
     * pushes its retry time back, so the retry schedule leaves it alone while it progresses.
     *
     * @param settleCursor where recording statuses resumes; empty while checking
     */
    public Optional<Decision> continueValidation(ValidationCohort cohort, String runId, Optional<String> settleCursor,
                                                 Instant now) {
        ValidationRun run = cohort.run();
        if (run == null || !run.runId().equals(runId)) {
            return Optional.empty();
        }
        ValidationCohort after = cohort.withRun(run.continued(now.plus(policy.retryDelay()), settleCursor.orElse(null)));
        return Optional.of(Decision.ofCohort(after, List.of(validationRequested(after, now))));
    }

    // ---- single-hub checks ----------------------------------------------------------------------

    /**
     * Records the result of a hub's own check. A transient result keeps the check pending and
     * pushes its retry back; any other replaces the hub's problems with what was found (or, when
     * an automation failure made it inconclusive, adds to them).
     */
    public Optional<Decision> recordCheck(Hub hub, ValidationCohort cohort, String checkId, CheckResult result,
                                          Instant now) {
        PendingCheck check = hub.check();
        if (check == null || !check.checkId().equals(checkId)) {
            return Optional.empty();
        }
        if (result.isTransient()) {
            PendingCheck later = check.inconclusive(now.plus(policy.retryDelayAfter(check.attempts() + 1)));
            return Optional.of(Decision.ofHub(hub.toBuilder().check(later).build(), List.of(), List.of()));
        }
        Hub after = hub.toBuilder()
                .problems(updatedProblems(hub, result.findings(), result.isInconclusive(), now))
                .check(null)
                .build();
        return Optional.of(reconcile(hub, after, cohort, cohort, now, TransitionCause.CHECK_COMPLETED, List.of()));
    }

    /**
     * An executor takes a hub's check on before calling the external app, so duplicates of the
     * request stay away from it. Empty when the check is not the hub's current one or another
     * executor holds it; the same claimant (a retried delivery) may take it up again.
     */
    public Optional<Decision> claimCheck(Hub hub, String checkId, String claimant, Instant now) {
        PendingCheck check = hub.check();
        if (check == null || !check.checkId().equals(checkId)
                || (check.claim() != null && check.claim().keepsAway(claimant, now))) {
            return Optional.empty();
        }
        PendingCheck claimed = check.claimedBy(new Claim(claimant, now.plus(policy.claimLease())));
        return Optional.of(Decision.ofHub(hub.toBuilder().check(claimed).build(), List.of(), List.of()));
    }

    /** An executor that failed lets go of the check, so a retry of its delivery can take it up at once. */
    public Optional<Decision> releaseCheck(Hub hub, String checkId, String claimant) {
        PendingCheck check = hub.check();
        if (check == null || !check.checkId().equals(checkId) || check.claim() == null
                || !check.claim().by().equals(claimant)) {
            return Optional.empty();
        }
        return Optional.of(Decision.ofHub(hub.toBuilder().check(check.claimedBy(null)).build(), List.of(), List.of()));
    }

    /**
     * What the retry schedule does for a hub whose work lapsed: a check with no result by its retry
     * time is asked for again; a sync whose lease ran out without an outcome (its executor died or
     * timed out) is asked for again, and after {@link StatusPolicy#MAX_SYNC_ATTEMPTS} attempts is
     * recorded as failed, so no sync is left without an outcome. Empty when nothing lapsed.
     */
    public Optional<Decision> retryLapsed(Hub hub, ValidationCohort cohort, Instant now) {
        Hub.Builder after = hub.toBuilder();
        List<DomainEvent> events = new ArrayList<>();
        PendingCheck check = hub.check();
        boolean changed = false;
        if (check != null && !check.retryAt().isAfter(now) && !check.isClaimedAt(now)) {
            int attempts = check.attempts() + 1;
            after.check(new PendingCheck(check.checkId(), check.trigger(), check.requestedAt(), attempts,
                    now.plus(policy.retryDelayAfter(attempts)), null));
            events.add(new DomainEvent.CheckRequested(ids.next("evt"), now, hub.workspaceId(), hub.hubId(),
                    check.checkId()));
            changed = true;
        }
        SyncRun run = hub.syncRun();
        if (run != null && !run.isActiveAt(now)) {
            if (run.attempts() < StatusPolicy.MAX_SYNC_ATTEMPTS) {
                after.syncRun(run.askedAgain(now.plus(policy.syncLease())));
                events.add(new DomainEvent.SyncRequested(ids.next("evt"), now, hub.workspaceId(), hub.hubId(),
                        run.runId(), run.trigger()));
            } else {
                Finding noOutcome = new Finding(Cause.TRANSIENT, "The sync stopped without reporting an outcome, "
                        + run.attempts() + " times.");
                Instant started = run.startedAt() != null ? run.startedAt() : run.requestedAt();
                after.syncRun(null)
                        .lastSync(new SyncAttempt(run.runId(), run.trigger(), started, now, noOutcome))
                        .consecutiveSyncFailures(hub.consecutiveSyncFailures() + 1);
                return Optional.of(reconcile(hub, after.build(), cohort, cohort, now, TransitionCause.SYNC_FAILED, events));
            }
            changed = true;
        }
        return changed ? Optional.of(Decision.ofHub(after.build(), events, List.of())) : Optional.empty();
    }

    // ---- syncs ----------------------------------------------------------------------------------

    /**
     * Asks for a sync. At most one sync per hub is asked for or running at a time.
     *
     * @throws SyncAlreadyRunningException when another is still active
     */
    public Decision requestSync(Hub hub, ValidationCohort cohort, SyncTrigger trigger, String requestedBy,
                                Instant now) {
        if (hub.syncRun() != null && hub.syncRun().isActiveAt(now)) {
            throw new SyncAlreadyRunningException(hub.syncRun());
        }
        Hub.Builder after = hub.toBuilder();
        List<DomainEvent> events = new ArrayList<>();
        addSyncRequest(hub, after, trigger, requestedBy, now, events);
        return reconcile(hub, after.build(), cohort, cohort, now, TransitionCause.SYNC_REQUESTED, events);
    }

    /**
     * Claims a sync for an executor before it calls the external app; empty when the run is not
     * this hub's current one or another executor holds it. The same claimant (a retried delivery)
     * may take it up again. The claim renews the lease.
     */
    public Optional<Decision> startSync(Hub hub, String runId, String claimant, Instant now) {
        SyncRun run = hub.syncRun();
        if (run == null || !run.runId().equals(runId) || run.isHeldByOtherThan(claimant, now)) {
            return Optional.empty();
        }
        SyncRun started = run.claimed(claimant, now, now.plus(policy.syncLease()));
        return Optional.of(Decision.ofHub(hub.toBuilder().syncRun(started).build(), List.of(), List.of()));
    }

    /**
     * An executor that failed lets go of the run, so a retry of its delivery can take it up at
     * once; the run keeps its lease, so it still blocks a second sync meanwhile.
     */
    public Optional<Decision> releaseSync(Hub hub, String runId, String claimant) {
        SyncRun run = hub.syncRun();
        if (run == null || !run.runId().equals(runId) || !claimant.equals(run.claimedBy())) {
            return Optional.empty();
        }
        return Optional.of(Decision.ofHub(hub.toBuilder().syncRun(run.released()).build(), List.of(), List.of()));
    }

    /**
     * Records how a sync ended. Success refreshes the last success; a failure naming a
     * configuration, service-account or automation cause opens that problem as well.
     */
    public Optional<Decision> recordSync(Hub hub, ValidationCohort cohort, String runId, SyncResult result,
                                         Instant now) {
        SyncRun run = hub.syncRun();
        if (run == null || !run.runId().equals(runId) || run.state() != SyncRun.State.RUNNING) {
            return Optional.empty();
        }
        SyncAttempt attempt = new SyncAttempt(runId, run.trigger(), run.startedAt(), now, result.failure());
        Hub.Builder after = hub.toBuilder().syncRun(null).lastSync(attempt);
        TransitionCause cause;
        if (result.hasSucceeded()) {
            // A hub-level automation failure or known issue closes with the hub's next successful sync.
            after.lastSuccessAt(now).consecutiveSyncFailures(0).problems(hub.problems().stream()
                    .filter(problem -> !problem.code().closesWithASuccessfulSync()).toList());
            cause = TransitionCause.SYNC_SUCCEEDED;
        } else {
            after.consecutiveSyncFailures(hub.consecutiveSyncFailures() + 1);
            if (result.failure().cause() != Cause.TRANSIENT) {
                after.problems(updatedProblems(hub, List.of(result.failure()), true, now));
            }
            cause = TransitionCause.SYNC_FAILED;
        }
        return Optional.of(reconcile(hub, after.build(), cohort, cohort, now, cause, List.of()));
    }

    // ---- staleness -------------------------------------------------------------------------------

    /**
     * What the staleness sweep does for a hub that is due: records staleness once it is reached.
     * The automatic sync of a hub that reached its automatic-sync time is asked for by
     * {@link #reconcile}, as after every change. Empty when there is nothing to do yet.
     */
    public Optional<Decision> sweep(Hub hub, ValidationCohort cohort, Instant now) {
        Decision decision = reconcile(hub, hub, cohort, cohort, now, TransitionCause.STALENESS_REACHED, List.of());
        return decision.hub().filter(written -> !written.equals(hub)).map(written -> decision);
    }

    /**
     * True when a hub reached its automatic-sync time in the current success cycle, has had no
     * automatic sync asked for in it, and nothing it has open stops a sync from passing: a review
     * of the whole integration (only an operator's re-validation closes it), or a configuration or
     * service-account problem the owner must fix. A validation or check in progress does not stop
     * it, nor does the hub's own automation failure or known issue, which a successful sync closes.
     */
    private boolean isDueForAutomaticSync(Hub hub, ValidationCohort cohort, Instant now) {
        Instant staleAt = hub.staleAt(policy);
        if (staleAt == null || hub.lastSuccessAt().equals(hub.autoSyncCycle())
                || now.isBefore(staleAt.minus(policy.autoSyncLead()))) {
            return false;
        }
        boolean integrationUnderReview = cohort != null && cohort.review() != null;
        boolean ownerMustFix = hub.problems().stream().anyMatch(problem -> problem.code().status().mustAct() == Actor.OWNER);
        boolean syncing = hub.syncRun() != null && hub.syncRun().isActiveAt(now);
        return !integrationUnderReview && !ownerMustFix && !syncing;
    }

    // ---- shared steps ----------------------------------------------------------------------------

    private void addSyncRequest(Hub hub, Hub.Builder after, SyncTrigger trigger, String requestedBy, Instant now,
                                List<DomainEvent> events) {
        SyncRun run = new SyncRun(ids.next("sync"), trigger, requestedBy, now, null, now.plus(policy.syncLease()));
        after.syncRun(run);
        if (trigger == SyncTrigger.AUTOMATIC) {
            after.autoSyncCycle(hub.lastSuccessAt());
        }
        events.add(new DomainEvent.SyncRequested(ids.next("evt"), now, hub.workspaceId(), hub.hubId(), run.runId(),
                trigger));
    }

    private ValidationRun newRun(ValidationRun.Kind kind, String requestedBy, Instant now) {
        return new ValidationRun(ids.next("val"), kind, ValidationRun.Phase.CHECKING, requestedBy, now, 0,
                now.plus(policy.retryDelay()), null, null);
    }

    private PendingCheck newCheck(CheckTrigger trigger, Instant now) {
        return new PendingCheck(ids.next("chk"), trigger, now, 0, now.plus(policy.retryDelay()));
    }

    private DomainEvent validationRequested(ValidationCohort cohort, Instant now) {
        return new DomainEvent.ValidationRequested(ids.next("evt"), now, cohort.workspaceId(), cohort.app(),
                cohort.run().runId(), cohort.run().kind());
    }

    /**
     * The hub's problems after a check or sync found {@code findings}. A conclusive result
     * replaces them; an inconclusive one only adds. A problem found again keeps its first time.
     */
    private static List<Problem> updatedProblems(Hub hub, List<Finding> findings, boolean onlyAdd, Instant now) {
        List<Problem> problems = new ArrayList<>();
        for (Finding finding : findings) {
            ReasonCode code = ReasonCode.forHubCause(finding.cause());
            if (problems.stream().anyMatch(p -> p.code() == code)) {
                continue;
            }
            Instant since = hub.problem(code).map(Problem::since).orElse(now);
            problems.add(new Problem(code, finding.detail(), since, now));
        }
        if (onlyAdd) {
            for (Problem existing : hub.problems()) {
                if (problems.stream().noneMatch(p -> p.code() == existing.code())) {
                    problems.add(existing);
                }
            }
        }
        return problems;
    }

    /**
     * Asks for the hub's automatic sync when it is due (see {@link #isDueForAutomaticSync}), so the
     * rule holds after any change, whatever the hub's validation or check was doing before: a hub
     * whose blocking problem closes while it is due gets its sync at once. Then compares the status
     * computed from the new facts with the recorded one. When the status differs, records it with
     * a history entry and a status-change event; when only the reasons differ, records them quietly. The transition dates from now, unless the status was already
     * in force before this change (it went stale, or the cohort completed), in which case it dates
     * from when that happened.
     */
    private Decision reconcile(Hub before, Hub candidate, ValidationCohort cohortBefore, ValidationCohort cohortAfter,
                               Instant now, TransitionCause cause, List<DomainEvent> eventsSoFar) {
        Hub after = candidate;
        List<DomainEvent> events = eventsSoFar;
        if (isDueForAutomaticSync(candidate, cohortAfter, now)) {
            Hub.Builder withSync = candidate.toBuilder();
            events = new ArrayList<>(eventsSoFar);
            addSyncRequest(candidate, withSync, SyncTrigger.AUTOMATIC, null, now, events);
            after = withSync.build();
        }
        StatusView view = evaluator.evaluate(after, cohortAfter, now);
        RecordedStatus recorded = after.recorded();
        List<DomainEvent> allEvents = new ArrayList<>(events);
        if (recorded != null && recorded.status() == view.status()) {
            if (recorded.reasons().equals(view.reasonCodes())) {
                return Decision.ofHub(after, allEvents, List.of());
            }
            Hub quiet = after.toBuilder()
                    .recorded(new RecordedStatus(recorded.status(), recorded.since(), view.reasonCodes()))
                    .build();
            return Decision.ofHub(quiet, allEvents, List.of());
        }
        Instant since = now;
        if (before != null) {
            StatusView previous = evaluator.evaluate(before, cohortBefore, now);
            if (previous.status() == view.status()) {
                since = previous.since();
            }
        }
        Hub written = after.toBuilder().recorded(new RecordedStatus(view.status(), since, view.reasonCodes())).build();
        HubStatus from = recorded != null ? recorded.status() : null;
        String eventId = ids.next("evt");
        allEvents.add(new DomainEvent.HubStatusChanged(eventId, now, after.workspaceId(), after.hubId(), after.app(),
                from, view.status(), view.reasonCodes(), since, cause));
        HistoryEntry entry = new HistoryEntry(after.workspaceId(), after.hubId(), since, from, view.status(),
                view.reasonCodes(), cause, eventId);
        return Decision.ofHub(written, allEvents, List.of(entry));
    }
}
