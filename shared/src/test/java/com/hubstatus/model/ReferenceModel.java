package com.hubstatus.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What hubstatus should do, written from the product contract ({@code PRODUCT.md}, rules 1-9) and
 * the timing the README and {@code docs/events.md} give, independently of the production code: it
 * shares no class with it, only the names of the API's codes, which the comparison maps by name.
 *
 * <p>It keeps, for one workspace, each app's validation cohort (validating until its first
 * validation completes, the run in progress, the integration's open review) and each hub's facts
 * (its open problems, its sync history, its last success, the check it waits for, the sync asked
 * for or running, whether this due period's automatic sync was asked for). From them and the time
 * it derives the expected status, every open reason, the next action and who must act.
 *
 * <p>Actions return what the contract says must follow: a refusal, or the hand-offs the system
 * must publish ({@link #takeExpected()}). Where the contract allows a choice (when exactly the
 * retry schedule asks again for a check without a result, or an automatic sync that is owed being
 * asked for on any write rather than by the sweep), the model accepts what the system did
 * ({@link #acceptAskedAgain}, {@link #acceptOwedAutomaticSync}) within the contract's bounds.
 */
final class ReferenceModel {

    // ---- the contract's numbers ------------------------------------------------------------------

    /** Rule 4: a hub requires a sync once its last success is older than this. */
    static final Duration STALENESS = Duration.ofHours(24);
    /** Rule 8: "a while before it goes stale"; README: about 2 h before. */
    static final Duration AUTOMATIC_SYNC_AFTER = Duration.ofHours(22);
    /** README: a sync's 15-minute lease. */
    static final Duration SYNC_LEASE = Duration.ofMinutes(15);
    /** README: asked for up to three times, then recorded as failed. */
    static final int SYNC_ATTEMPTS = 3;
    /** events.md: a check or validation run without a result is asked for again after 15 min, doubling, capped at 4 h. */
    static final Duration FIRST_RETRY = Duration.ofMinutes(15);
    static final Duration LONGEST_RETRY = Duration.ofHours(4);

    // ---- the contract's codes ---------------------------------------------------------------------

    enum Actor { NOBODY, OWNER, OPERATOR }

    /** Rule 5's precedence, top first. */
    enum Status {
        UNDER_VALIDATION(Actor.NOBODY), UNDER_REVIEW(Actor.OPERATOR), REVIEW_CONFIGURATION(Actor.OWNER),
        REVIEW_SERVICE_ACCOUNT(Actor.OWNER), REQUIRES_SYNC(Actor.OWNER), HEALTHY(Actor.NOBODY);

        final Actor mustAct;

        Status(Actor mustAct) {
            this.mustAct = mustAct;
        }
    }

    enum Next {
        WAIT_FOR_VALIDATION, REVALIDATE, UPDATE_BUSINESS_ID, UPDATE_SERVICE_ACCOUNT_CREDENTIALS, TURN_ON_MANAGED_MFA,
        RUN_SYNC, NONE
    }

    /** The README's table of reasons, in its order. */
    enum Reason {
        VALIDATION_IN_PROGRESS(Status.UNDER_VALIDATION, Next.WAIT_FOR_VALIDATION),
        INTEGRATION_AUTOMATION_FAILED(Status.UNDER_REVIEW, Next.REVALIDATE),
        INTEGRATION_KNOWN_ISSUE(Status.UNDER_REVIEW, Next.REVALIDATE),
        HUB_AUTOMATION_FAILED(Status.UNDER_REVIEW, Next.REVALIDATE),
        HUB_KNOWN_ISSUE(Status.UNDER_REVIEW, Next.REVALIDATE),
        CONFIGURATION_INVALID(Status.REVIEW_CONFIGURATION, Next.UPDATE_BUSINESS_ID),
        SERVICE_ACCOUNT_CREDENTIALS_INVALID(Status.REVIEW_SERVICE_ACCOUNT, Next.UPDATE_SERVICE_ACCOUNT_CREDENTIALS),
        SERVICE_ACCOUNT_MFA_NOT_MANAGED(Status.REVIEW_SERVICE_ACCOUNT, Next.TURN_ON_MANAGED_MFA),
        NO_INITIAL_SYNC(Status.REQUIRES_SYNC, Next.RUN_SYNC),
        LAST_SYNC_FAILED(Status.REQUIRES_SYNC, Next.RUN_SYNC),
        SYNC_STALE(Status.REQUIRES_SYNC, Next.RUN_SYNC);

        final Status status;
        final Next next;

        Reason(Status status, Next next) {
            this.status = status;
            this.next = next;
        }
    }

    /** Problems of the hub itself that only a check closes (rule 6), and that a sync cannot pass (rule 8). */
    static final Set<Reason> OWNER_PROBLEMS = EnumSet.of(Reason.CONFIGURATION_INVALID,
            Reason.SERVICE_ACCOUNT_CREDENTIALS_INVALID, Reason.SERVICE_ACCOUNT_MFA_NOT_MANAGED);
    /** Rule 7: a hub-level automation failure or known issue, closed by the next successful check or sync, or an operator. */
    static final Set<Reason> HUB_REVIEWS = EnumSet.of(Reason.HUB_AUTOMATION_FAILED, Reason.HUB_KNOWN_ISSUE);

    enum Refusal { NOT_FOUND, ALREADY_RUNNING }

    enum Kind { VALIDATION, CHECK, SYNC }

    // ---- the facts ---------------------------------------------------------------------------------

    /** One app's integration in the workspace (rule 1). */
    static final class Cohort {
        final String app;
        boolean validating = true;
        ValidationRun run;
        Reason review;

        Cohort(String app) {
            this.app = app;
        }
    }

    static final class ValidationRun {
        final String kind;
        final Instant requestedAt;
        String token;
        Instant lastAsked;
        /** Hubs this run checked conclusively. */
        final Set<String> checked = new HashSet<>();
        /** The first automation failure or known issue it found. */
        Reason finding;

        ValidationRun(String kind, Instant now) {
            this.kind = kind;
            this.requestedAt = now;
            this.lastAsked = now;
        }
    }

    static final class Check {
        final Instant requestedAt;
        String token;
        Instant lastAsked;

        Check(Instant now) {
            this.requestedAt = now;
            this.lastAsked = now;
        }
    }

    static final class SyncRun {
        final String trigger;
        String token;
        Instant leaseUntil;
        int attempts = 1;

        SyncRun(String trigger, Instant now) {
            this.trigger = trigger;
            this.leaseUntil = now.plus(SYNC_LEASE);
        }
    }

    static final class Hub {
        final String key;
        final String app;
        String businessId;
        String serviceAccount;
        final EnumSet<Reason> problems = EnumSet.noneOf(Reason.class);
        Instant lastSuccess;
        Boolean lastSyncSucceeded;
        Check check;
        SyncRun run;
        /** This due period's automatic sync was asked for (rule 8); a success starts a new period. */
        boolean automaticSyncAsked;
        /** Automatic syncs asked for in this due period (for the at-most-once invariant). */
        int automaticSyncsThisPeriod;

        Hub(String key, String app, String businessId, String serviceAccount) {
            this.key = key;
            this.app = app;
            this.businessId = businessId;
            this.serviceAccount = serviceAccount;
        }

        @Override
        public String toString() {
            return key + "{" + app + " " + businessId + " " + serviceAccount + " problems=" + problems + " lastSuccess="
                    + lastSuccess + " lastSyncSucceeded=" + lastSyncSucceeded + " check=" + (check != null)
                    + " run=" + (run == null ? null : run.trigger + "#" + run.attempts + " lease " + run.leaseUntil)
                    + " autoAsked=" + automaticSyncAsked + "}";
        }
    }

    /** A hand-off the system must publish in this step; the harness hands the system's id to {@code bind}. */
    record Expected(Kind kind, String subject, String detail, Consumer<String> bind) {
        @Override
        public String toString() {
            return kind + "(" + subject + (detail == null ? "" : ", " + detail) + ")";
        }
    }

    /** The status of a hub as the contract says it must read. */
    record View(Status status, Set<Reason> reasons, Next next, Actor mustAct, Instant healthyUntil, Instant lastSuccess,
                Boolean lastSyncSucceeded, boolean syncAskedOrRunning, boolean checkPending) {
    }

    private final OutsideWorld world;
    private final Map<String, Cohort> cohorts = new LinkedHashMap<>();
    private final Map<String, Hub> hubs = new LinkedHashMap<>();
    private final Set<String> processedCheckEvents = new HashSet<>();
    private final Set<String> processedSyncEvents = new HashSet<>();
    private final List<Expected> expected = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** Hubs that could have had their automatic sync asked for at some moment of the current step. */
    private final Set<String> mayAskDuringThisStep = new HashSet<>();

    ReferenceModel(OutsideWorld world) {
        this.world = world;
    }

    Map<String, Hub> hubs() {
        return hubs;
    }

    Optional<Cohort> cohort(String app) {
        return Optional.ofNullable(cohorts.get(app));
    }

    /** What happened worth counting (for the statistics); forgets it. */
    List<String> takeNotes() {
        List<String> taken = List.copyOf(notes);
        notes.clear();
        return taken;
    }

    private void note(String what) {
        notes.add(what);
    }

    /** The hand-offs the last action must have published; forgets them. */
    List<Expected> takeExpected() {
        List<Expected> taken = List.copyOf(expected);
        expected.clear();
        return taken;
    }

    /** The step is over: what was allowed in its course no longer is. */
    void stepDone() {
        mayAskDuringThisStep.clear();
    }

    // ---- the status (rules 4 and 5) ---------------------------------------------------------------

    View view(String key, Instant now) {
        Hub hub = hubs.get(key);
        Cohort cohort = cohorts.get(hub.app);
        EnumSet<Reason> reasons = EnumSet.noneOf(Reason.class);
        if (cohort.validating) {
            reasons.add(Reason.VALIDATION_IN_PROGRESS);
        }
        if (cohort.review != null) {
            reasons.add(cohort.review);
        }
        reasons.addAll(hub.problems);
        if (hub.lastSuccess == null) {
            reasons.add(Reason.NO_INITIAL_SYNC);
        }
        if (Boolean.FALSE.equals(hub.lastSyncSucceeded)) {
            reasons.add(Reason.LAST_SYNC_FAILED);
        }
        if (hub.lastSuccess != null && now.isAfter(hub.lastSuccess.plus(STALENESS))) {
            reasons.add(Reason.SYNC_STALE);
        }
        Optional<Reason> top = reasons.stream().findFirst(); // EnumSet iterates in the README's order
        Status status = top.map(r -> r.status).orElse(Status.HEALTHY);
        Next next = top.map(r -> r.next).orElse(Next.NONE);
        Instant healthyUntil = status == Status.HEALTHY ? hub.lastSuccess.plus(STALENESS) : null;
        return new View(status, reasons, next, status.mustAct, healthyUntil, hub.lastSuccess, hub.lastSyncSucceeded,
                hub.run != null, hub.check != null);
    }

    /**
     * Rule 9: what operators must see in their queue: each integration under review with its reason,
     * and each hub under review of its own with its reasons.
     */
    Set<String> reviewQueue() {
        Set<String> queue = new java.util.TreeSet<>();
        cohorts.values().stream().filter(c -> c.review != null)
                .forEach(c -> queue.add("integration " + c.app + " " + List.of(c.review)));
        hubs.values().stream().filter(h -> h.problems.stream().anyMatch(HUB_REVIEWS::contains))
                .forEach(h -> queue.add("hub " + h.key + " " + h.problems.stream().filter(HUB_REVIEWS::contains).toList()));
        return queue;
    }

    /** Rule 8: an open problem a sync cannot pass: the integration's review, or a problem the owner must fix. */
    boolean isBlocked(Hub hub) {
        Cohort cohort = cohorts.get(hub.app);
        return cohort.review != null || hub.problems.stream().anyMatch(OWNER_PROBLEMS::contains);
    }

    /** Rule 8: past its automatic-sync time (a hub never synced has none). */
    boolean isDue(Hub hub, Instant now) {
        return hub.lastSuccess != null && !now.isBefore(hub.lastSuccess.plus(AUTOMATIC_SYNC_AFTER));
    }

    /**
     * Rule 8: due, nothing open that a sync cannot pass, not yet asked for in this period, and no sync
     * asked for or running. The sweep must ask for it then.
     */
    boolean isAutomaticSyncOwed(Hub hub, Instant now) {
        return isDue(hub, now) && !isBlocked(hub) && !hub.automaticSyncAsked && hub.run == null;
    }

    /**
     * The same, but a sync whose lease lapsed without an outcome no longer counts ("it blocks another
     * until it records an outcome or its lease runs out"): the system may ask for the automatic sync
     * in its place, though it need not, since the retry schedule asks for the lapsed one again (the
     * README: "shown as running meanwhile").
     */
    boolean mayAskForAutomaticSync(Hub hub, Instant now) {
        return isDue(hub, now) && !isBlocked(hub) && !hub.automaticSyncAsked
                && (hub.run == null || now.isAfter(hub.run.leaseUntil));
    }

    // ---- what owners do -------------------------------------------------------------------------------

    /** Rule 1: the first hub of an app starts its validation; later hubs join it, or get a check of their own once it completed. */
    void connect(String key, String app, String businessId, String serviceAccount, Instant now) {
        Cohort cohort = cohorts.get(app);
        if (cohort == null) {
            cohort = new Cohort(app);
            cohorts.put(app, cohort);
            startValidation(cohort, "INITIAL", now);
        }
        Hub hub = new Hub(key, app, businessId, serviceAccount);
        hubs.put(key, hub);
        if (!cohort.validating) {
            askForCheck(hub, now);
        }
    }

    /** Rule 6: a new business ID or service account has the hub checked again. */
    void change(String key, String businessId, String serviceAccount, Instant now) {
        Hub hub = hubs.get(key);
        boolean changed = (businessId != null && !businessId.equals(hub.businessId))
                || (serviceAccount != null && !serviceAccount.equals(hub.serviceAccount));
        if (businessId != null) {
            hub.businessId = businessId;
        }
        if (serviceAccount != null) {
            hub.serviceAccount = serviceAccount;
        }
        if (!changed) {
            return;
        }
        Cohort cohort = cohorts.get(hub.app);
        if (cohort.run != null) {
            // the validation under way checks the hub as it now is
            cohort.run.checked.remove(key);
        } else {
            askForCheck(hub, now);
        }
    }

    /**
     * Rule 6: the owner asks for a re-check. Refused while the hub waits for a check of its own or
     * for its cohort's first validation; while an operator's re-validation is checking the cohort,
     * that run checks the hub again (assumption: the contract only says "409 while one runs").
     */
    Refusal recheck(String key, Instant now) {
        Hub hub = hubs.get(key);
        Cohort cohort = cohorts.get(hub.app);
        if (hub.check != null || cohort.validating) {
            return Refusal.ALREADY_RUNNING;
        }
        if (cohort.run != null) {
            cohort.run.checked.remove(key);
        } else {
            askForCheck(hub, now);
        }
        return null;
    }

    /** Rule 3: an owner's sync; one at a time per hub, until it ends or its lease lapses. */
    Refusal startSync(String key, Instant now) {
        Hub hub = hubs.get(key);
        if (hub.run != null && !now.isAfter(hub.run.leaseUntil)) {
            return Refusal.ALREADY_RUNNING;
        }
        askForSync(hub, "MANUAL", now);
        return null;
    }

    void disconnect(String key) {
        hubs.remove(key);
        cohorts.values().forEach(c -> {
            if (c.run != null) {
                c.run.checked.remove(key);
            }
        });
    }

    // ---- what operators do ------------------------------------------------------------------------------

    /** Rule 2: an operator re-validates an integration; refused while a validation runs. */
    Refusal revalidate(String app, Instant now) {
        Cohort cohort = cohorts.get(app);
        if (cohort == null) {
            return Refusal.NOT_FOUND;
        }
        if (cohort.run != null) {
            return Refusal.ALREADY_RUNNING;
        }
        startValidation(cohort, "REVALIDATION", now);
        return null;
    }

    // ---- deliveries of hand-offs ---------------------------------------------------------------------------

    /** A {@code Validation Requested} for run {@code token} of {@code app}'s cohort. */
    String deliverValidation(String app, String token, Instant now) {
        Cohort cohort = cohorts.get(app);
        if (cohort == null || cohort.run == null || !cohort.run.token.equals(token)) {
            return "STALE";
        }
        ValidationRun run = cohort.run;
        int inconclusive = 0;
        for (Hub hub : List.copyOf(hubs.values())) {
            if (!hub.app.equals(app) || run.checked.contains(hub.key)) {
                continue;
            }
            List<OutsideWorld.Finding> found = world.check(hub.app, hub.businessId, hub.serviceAccount);
            if (found.contains(OutsideWorld.Finding.TRANSIENT)) {
                inconclusive++;
                continue;
            }
            run.checked.add(hub.key);
            // the run's check of the hub answers any check of its own it waited for (assumption)
            hub.check = null;
            boolean wasBlocked = isBlocked(hub);
            Optional<Reason> integration = integrationReview(found);
            if (integration.isPresent()) {
                // rule 2: the integration's problem, for the whole cohort, once the run completes;
                // the hub's own problems stay as they were, since the check could not look at them
                if (run.finding == null) {
                    run.finding = integration.get();
                }
            } else {
                recordConclusiveCheck(hub, found);
            }
            syncAtOnceIfUnblocked(hub, wasBlocked, now);
            if (mayAskForAutomaticSync(hub, now)) {
                // the integration's review, if this run finds one, opens only when the run completes
                mayAskDuringThisStep.add(hub.key);
            }
        }
        if (inconclusive > 0) {
            run.lastAsked = now;
            return "WAITING_FOR_INCONCLUSIVE_CHECKS";
        }
        List<Hub> blockedBefore = hubsOf(app).stream().filter(this::isBlocked).toList();
        cohort.validating = false;
        cohort.review = run.finding;
        cohort.run = null;
        blockedBefore.forEach(h -> syncAtOnceIfUnblocked(h, true, now));
        return "COMPLETED";
    }

    /** A {@code Check Requested} for check {@code token} of a hub (null when the hub is gone). */
    String deliverCheck(String key, String token, String eventId, Instant now) {
        if (processedCheckEvents.contains(eventId)) {
            return "DUPLICATE";
        }
        Hub hub = key == null ? null : hubs.get(key);
        if (hub == null) {
            return "HUB_GONE";
        }
        if (hub.check == null || !token.equals(hub.check.token)) {
            return "STALE";
        }
        processedCheckEvents.add(eventId);
        List<OutsideWorld.Finding> found = world.check(hub.app, hub.businessId, hub.serviceAccount);
        if (found.contains(OutsideWorld.Finding.TRANSIENT)) {
            hub.check.lastAsked = now;
            return "INCONCLUSIVE";
        }
        hub.check = null;
        boolean wasBlocked = isBlocked(hub);
        Optional<Reason> integration = integrationReview(found);
        if (integration.isPresent()) {
            // rule 7: found by a check of this hub, so the hub's own review; the rest stays as it was
            hub.problems.add(integration.get() == Reason.INTEGRATION_AUTOMATION_FAILED
                    ? Reason.HUB_AUTOMATION_FAILED : Reason.HUB_KNOWN_ISSUE);
        } else {
            recordConclusiveCheck(hub, found);
        }
        syncAtOnceIfUnblocked(hub, wasBlocked, now);
        return found.isEmpty() ? "PASSED" : "FAILED";
    }

    /** A {@code Sync Requested} for run {@code token} of a hub (null when the hub is gone). */
    String deliverSync(String key, String token, String eventId, Instant now) {
        if (processedSyncEvents.contains(eventId)) {
            return "DUPLICATE";
        }
        Hub hub = key == null ? null : hubs.get(key);
        if (hub == null) {
            return "HUB_GONE";
        }
        if (hub.run == null || !token.equals(hub.run.token)) {
            return "NOT_CLAIMED";
        }
        processedSyncEvents.add(eventId);
        OutsideWorld.Finding failure = world.sync(hub.app, hub.businessId, hub.serviceAccount);
        hub.run = null;
        hub.lastSyncSucceeded = failure == null;
        if (failure == null) {
            // rules 3 and 7: a success; it closes the hub's own automation failure and starts a new due period
            hub.lastSuccess = now;
            hub.problems.removeAll(HUB_REVIEWS);
            hub.automaticSyncAsked = false;
            hub.automaticSyncsThisPeriod = 0;
            return "SUCCEEDED";
        }
        // rule 3: a failure opens the problem its cause names
        problemFor(failure).ifPresent(hub.problems::add);
        return "FAILED";
    }

    // ---- the schedules -------------------------------------------------------------------------------------

    /** Rules 4 and 8: the sweep asks for the automatic sync of every hub that is owed one. */
    void sweep(Instant now) {
        hubs.values().stream().filter(h -> isAutomaticSyncOwed(h, now)).forEach(h -> {
            note("automatic sync asked for by the sweep");
            askForSync(h, "AUTOMATIC", now);
        });
    }

    /**
     * The retry schedule: a sync whose lease lapsed without an outcome is asked for again, up to three
     * times in all, then recorded as failed. (Checks and validation runs without a result: see
     * {@link #mustBeAskedAgain} and {@link #acceptAskedAgain}.)
     */
    void retry(Instant now) {
        for (Hub hub : hubs.values()) {
            SyncRun run = hub.run;
            if (run == null || !now.isAfter(run.leaseUntil)) {
                continue;
            }
            if (run.attempts < SYNC_ATTEMPTS) {
                run.attempts++;
                run.leaseUntil = now.plus(SYNC_LEASE);
                String token = run.token;
                expected.add(new Expected(Kind.SYNC, hub.key, run.trigger, id -> requireSame(token, id, hub.key)));
            } else {
                hub.run = null;
                hub.lastSyncSucceeded = false;
                note("sync recorded as failed after three attempts without an outcome");
            }
        }
        for (Hub hub : hubs.values()) {
            if (hub.check != null && mustBeAskedAgain(hub.check.lastAsked, now)) {
                Check check = hub.check;
                expected.add(new Expected(Kind.CHECK, hub.key, null, id -> {
                    requireSame(check.token, id, hub.key);
                    check.lastAsked = now;
                }));
            }
        }
        for (Cohort cohort : cohorts.values()) {
            if (cohort.run != null && mustBeAskedAgain(cohort.run.lastAsked, now)) {
                ValidationRun run = cohort.run;
                expected.add(new Expected(Kind.VALIDATION, cohort.app, run.kind, id -> {
                    requireSame(run.token, id, cohort.app);
                    run.lastAsked = now;
                }));
            }
        }
    }

    /** events.md: asked for again by its retry time, at most 4 h after it was last asked for or tried. */
    private static boolean mustBeAskedAgain(Instant lastAsked, Instant now) {
        return !now.isBefore(lastAsked.plus(LONGEST_RETRY));
    }

    /**
     * The retry schedule asked again for a check or validation run, before the model required it:
     * allowed once it is 15 minutes old and still without a result.
     */
    boolean acceptAskedAgain(Kind kind, String subject, String token, Instant now) {
        if (kind == Kind.CHECK) {
            Hub hub = hubs.get(subject);
            if (hub == null || hub.check == null || !token.equals(hub.check.token)
                    || now.isBefore(hub.check.requestedAt.plus(FIRST_RETRY))) {
                return false;
            }
            hub.check.lastAsked = now;
            return true;
        }
        if (kind == Kind.VALIDATION) {
            Cohort cohort = cohorts.get(subject);
            if (cohort == null || cohort.run == null || !token.equals(cohort.run.token)
                    || now.isBefore(cohort.run.requestedAt.plus(FIRST_RETRY))) {
                return false;
            }
            cohort.run.lastAsked = now;
            return true;
        }
        return false;
    }

    /**
     * The system asked for an automatic sync the model did not require at this step: allowed when the
     * hub may have one (rule 8 requires it by the sweep, but any write may ask for it sooner).
     */
    boolean acceptOwedAutomaticSync(String key, String token, Instant now) {
        Hub hub = hubs.get(key);
        if (hub == null || !(mayAskForAutomaticSync(hub, now)
                || (mayAskDuringThisStep.contains(key) && !hub.automaticSyncAsked))) {
            return false;
        }
        askForSync(hub, "AUTOMATIC", now);
        expected.removeLast();
        hub.run.token = token;
        return true;
    }

    // ---- the rules' pieces ---------------------------------------------------------------------------------

    private void startValidation(Cohort cohort, String kind, Instant now) {
        ValidationRun run = new ValidationRun(kind, now);
        cohort.run = run;
        expected.add(new Expected(Kind.VALIDATION, cohort.app, kind, id -> run.token = id));
    }

    private void askForCheck(Hub hub, Instant now) {
        Check check = new Check(now);
        hub.check = check;
        expected.add(new Expected(Kind.CHECK, hub.key, null, id -> check.token = id));
    }

    private void askForSync(Hub hub, String trigger, Instant now) {
        SyncRun run = new SyncRun(trigger, now);
        hub.run = run;
        if (trigger.equals("AUTOMATIC")) {
            hub.automaticSyncAsked = true;
            hub.automaticSyncsThisPeriod++;
        }
        expected.add(new Expected(Kind.SYNC, hub.key, trigger, id -> run.token = id));
    }

    /** Rule 8: a hub whose blocking problem closed while it is due gets its automatic sync at once. */
    private void syncAtOnceIfUnblocked(Hub hub, boolean wasBlocked, Instant now) {
        if (wasBlocked && isAutomaticSyncOwed(hub, now)) {
            note("automatic sync asked for at once, the hub's blocking problem closed while due");
            askForSync(hub, "AUTOMATIC", now);
        }
    }

    /**
     * Rules 6 and 7: a check that concluded (the automation worked through it) replaces the hub's
     * problems with what it found. So a pass closes everything; and a check that found only a
     * configuration problem also closes the hub's own automation failure, since the automation
     * evidently worked (assumption: rule 7 says "the next successful check").
     */
    private static void recordConclusiveCheck(Hub hub, List<OutsideWorld.Finding> found) {
        hub.problems.clear();
        found.forEach(f -> problemFor(f).ifPresent(hub.problems::add));
    }

    private static Optional<Reason> integrationReview(List<OutsideWorld.Finding> found) {
        if (found.contains(OutsideWorld.Finding.AUTOMATION_FAILURE)) {
            return Optional.of(Reason.INTEGRATION_AUTOMATION_FAILED);
        }
        if (found.contains(OutsideWorld.Finding.KNOWN_ISSUE)) {
            return Optional.of(Reason.INTEGRATION_KNOWN_ISSUE);
        }
        return Optional.empty();
    }

    /** The hub-level problem a check's or sync's finding opens. */
    private static Optional<Reason> problemFor(OutsideWorld.Finding finding) {
        return switch (finding) {
            case CONFIGURATION -> Optional.of(Reason.CONFIGURATION_INVALID);
            case CREDENTIALS -> Optional.of(Reason.SERVICE_ACCOUNT_CREDENTIALS_INVALID);
            case MFA -> Optional.of(Reason.SERVICE_ACCOUNT_MFA_NOT_MANAGED);
            case AUTOMATION_FAILURE -> Optional.of(Reason.HUB_AUTOMATION_FAILED);
            case KNOWN_ISSUE -> Optional.of(Reason.HUB_KNOWN_ISSUE);
            case TRANSIENT -> Optional.empty();
        };
    }

    private List<Hub> hubsOf(String app) {
        return hubs.values().stream().filter(h -> h.app.equals(app)).toList();
    }

    private static void requireSame(String token, String id, String subject) {
        if (!token.equals(id)) {
            throw new AssertionError("asked again for " + subject + " under a new id " + id + " instead of " + token);
        }
    }
}
