package com.hubstatus.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.hubstatus.status.Facts.OWNER;
import static com.hubstatus.status.Facts.T0;
import static com.hubstatus.status.Facts.WS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubTransitionsTest {

    private HubTransitions transitions;
    private StatusEvaluator evaluator;

    @BeforeEach
    void setUp() {
        transitions = new HubTransitions(StatusPolicy.defaults(), Facts.sequentialIds());
        evaluator = transitions.evaluator();
    }

    private static HubTransitions.NewHub newHub(String businessId) {
        return new HubTransitions.NewHub(WS, ExternalApp.META_BUSINESS_MANAGER, "Hub " + businessId, businessId,
                "sa-marketing", OWNER, Set.of(Facts.MANAGER));
    }

    private static <T extends DomainEvent> List<T> eventsOf(Decision decision, Class<T> type) {
        return decision.events().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Stands in for the store: the version a save gives. */
    private static Hub saved(Hub hub) {
        return hub.toBuilder().version(hub.version() + 1).build();
    }

    private static ValidationCohort saved(ValidationCohort cohort) {
        return new ValidationCohort(cohort.workspaceId(), cohort.app(), cohort.requestedAt(), cohort.completedAt(),
                cohort.lastCompletedAt(), cohort.run(), cohort.review(), cohort.version() + 1);
    }

    @Nested
    class TheValidationCohort {

        @Test
        void theFirstHubOfAnAppStartsTheCohortsValidationAndIsUnderValidation() {
            // when
            Decision d = transitions.connect(newHub("1000000001"), null, T0);

            // then
            assertTrue(d.cohort().isPresent());
            assertTrue(d.cohort().orElseThrow().isValidating());
            assertEquals(ValidationRun.Kind.INITIAL, d.cohort().orElseThrow().run().kind());
            assertEquals(1, eventsOf(d, DomainEvent.ValidationRequested.class).size());
            assertEquals(d.cohort().orElseThrow().run().runId(), eventsOf(d, DomainEvent.ValidationRequested.class).getFirst().runId());
            assertEquals(1, eventsOf(d, DomainEvent.HubConnected.class).size());
            assertEquals(HubStatus.UNDER_VALIDATION, d.hub().orElseThrow().recorded().status());
            DomainEvent.HubStatusChanged changed = eventsOf(d, DomainEvent.HubStatusChanged.class).getFirst();
            assertNull(changed.from());
            assertEquals(HubStatus.UNDER_VALIDATION, changed.to());
            assertEquals(1, d.history().size());
            assertEquals(changed.eventId(), d.history().getFirst().eventId());
            assertNull(d.hub().orElseThrow().check());
        }

        @Test
        void aHubConnectedBeforeCompletionJoinsTheCohortAndIsUnderValidation() {
            // given
            ValidationCohort cohort = saved(transitions.connect(newHub("1000000001"), null, T0).cohort().orElseThrow());

            // when
            Decision d = transitions.connect(newHub("1000000002"), cohort, T0.plusSeconds(60));

            // then
            assertTrue(d.cohort().isEmpty(), "the cohort is not rewritten: hubs joining at once do not contend");
            assertEquals(cohort, d.joined().orElseThrow(), "the join bumps the cohort's version, so a completing run notices");
            assertTrue(eventsOf(d, DomainEvent.ValidationRequested.class).isEmpty());
            assertTrue(eventsOf(d, DomainEvent.CheckRequested.class).isEmpty());
            assertEquals(HubStatus.UNDER_VALIDATION, d.hub().orElseThrow().recorded().status());
        }

        @Test
        void aHubConnectedAfterCompletionNeverEntersUnderValidationAndGetsItsOwnCheck() {
            // given
            ValidationCohort cohort = Facts.validatedCohort(T0);

            // when
            Decision d = transitions.connect(newHub("1000000003"), cohort, T0.plusSeconds(60));

            // then
            assertTrue(d.cohort().isEmpty());
            assertEquals(HubStatus.REQUIRES_SYNC, d.hub().orElseThrow().recorded().status());
            assertNotNull(d.hub().orElseThrow().check());
            assertEquals(CheckTrigger.CONNECTED, d.hub().orElseThrow().check().trigger());
            DomainEvent.CheckRequested check = eventsOf(d, DomainEvent.CheckRequested.class).getFirst();
            assertEquals(d.hub().orElseThrow().check().checkId(), check.checkId());
            assertTrue(d.history().stream().noneMatch(h -> h.to() == HubStatus.UNDER_VALIDATION));
        }

        @Test
        void completingTheValidationMovesEveryMemberOutOfUnderValidation() {
            // given: two hubs connected before completion, both checked and passed
            Decision first = transitions.connect(newHub("1000000001"), null, T0);
            ValidationCohort cohort = saved(first.cohort().orElseThrow());
            Decision second = transitions.connect(newHub("1000000002"), cohort, T0.plusSeconds(10));
            cohort = saved(second.joined().orElseThrow());
            String runId = cohort.run().runId();
            Hub a = saved(first.hub().orElseThrow());
            Hub b = saved(second.hub().orElseThrow());
            a = saved(transitions.recordValidationCheck(a, cohort, runId, CheckResult.passed(), T0.plusSeconds(20)).orElseThrow().hub().orElseThrow());
            b = saved(transitions.recordValidationCheck(b, cohort, runId, CheckResult.passed(), T0.plusSeconds(21)).orElseThrow().hub().orElseThrow());
            assertEquals(HubStatus.UNDER_VALIDATION, evaluator.evaluate(a, cohort, T0.plusSeconds(22)).status());

            // when
            Instant completedAt = T0.plusSeconds(30);
            ValidationCohort completed = saved(transitions.completeValidation(cohort, runId, completedAt).orElseThrow().cohort().orElseThrow());
            Decision settleA = transitions.settle(a, completed, T0.plusSeconds(31)).orElseThrow();
            Decision settleB = transitions.settle(b, completed, T0.plusSeconds(31)).orElseThrow();

            // then
            assertFalse(completed.isValidating());
            assertEquals(ValidationRun.Phase.SETTLING, completed.run().phase());
            for (Decision settled : List.of(settleA, settleB)) {
                assertEquals(HubStatus.REQUIRES_SYNC, settled.hub().orElseThrow().recorded().status());
                HistoryEntry entry = settled.history().getFirst();
                assertEquals(HubStatus.UNDER_VALIDATION, entry.from());
                assertEquals(HubStatus.REQUIRES_SYNC, entry.to());
                assertEquals(completedAt, entry.at(), "the transition dates from the completion");
                assertEquals(TransitionCause.VALIDATION_COMPLETED, entry.cause());
            }
            assertTrue(transitions.settle(saved(settleA.hub().orElseThrow()), completed, T0.plusSeconds(32)).isEmpty(), "settling twice changes nothing");
            assertNull(transitions.finishValidation(completed, runId).orElseThrow().cohort().orElseThrow().run());
        }

        @Test
        void aHubLevelFindingBecomesThatHubsProblemOnly() {
            // given
            ValidationCohort cohort = Facts.validatingCohort(T0);
            Hub hub = Facts.newHub(T0).build();

            // when
            Decision d = transitions.recordValidationCheck(hub, cohort, "val-1",
                    CheckResult.failed(Finding.of(Cause.CONFIGURATION, "business ID 42 not found")), T0.plusSeconds(5)).orElseThrow();

            // then
            assertTrue(d.cohort().isEmpty());
            assertEquals(List.of(ReasonCode.CONFIGURATION_INVALID), d.hub().orElseThrow().problems().stream().map(Problem::code).toList());
            assertEquals("val-1", d.hub().orElseThrow().validatedRunId());
            assertEquals(HubStatus.UNDER_VALIDATION, evaluator.evaluate(d.hub().orElseThrow(), cohort, T0.plusSeconds(6)).status());
            ValidationCohort completed = transitions.completeValidation(cohort, "val-1", T0.plusSeconds(7)).orElseThrow().cohort().orElseThrow();
            assertEquals(HubStatus.REVIEW_CONFIGURATION, evaluator.evaluate(d.hub().orElseThrow(), completed, T0.plusSeconds(8)).status());
        }

        @Test
        void anAutomationFailurePutsTheWholeCohortUnderReviewUntilARevalidationPasses() {
            // given
            ValidationCohort cohort = Facts.validatingCohort(T0);
            Hub failing = Facts.newHub(T0).build();
            Hub other = Facts.newHub(T0).hubId("hub-2").build();
            Decision d = transitions.recordValidationCheck(failing, cohort, "val-1",
                    CheckResult.failed(Finding.of(Cause.AUTOMATION_FAILURE, "login page changed")), T0.plusSeconds(5)).orElseThrow();
            cohort = saved(d.cohort().orElseThrow());
            assertEquals(Cause.AUTOMATION_FAILURE, cohort.run().reviewFinding().cause());
            assertTrue(d.hub().orElseThrow().problems().isEmpty(), "the integration's failure is not the hub's problem");

            // when: the run completes
            ValidationCohort completed = saved(transitions.completeValidation(cohort, "val-1", T0.plusSeconds(10)).orElseThrow().cohort().orElseThrow());

            // then: every hub of the cohort is under review
            assertEquals(ReasonCode.INTEGRATION_AUTOMATION_FAILED, completed.review().code());
            assertEquals(HubStatus.UNDER_REVIEW, transitions.settle(saved(d.hub().orElseThrow()), completed, T0.plusSeconds(11)).orElseThrow().hub().orElseThrow().recorded().status());
            assertEquals(HubStatus.UNDER_REVIEW, evaluator.evaluate(other, completed, T0.plusSeconds(11)).status());

            // when: an operator re-validates once the automation is fixed, and it passes
            ValidationCohort idle = saved(transitions.finishValidation(completed, "val-1").orElseThrow().cohort().orElseThrow());
            Decision revalidation = transitions.requestRevalidation(idle, "operator-1", T0.plusSeconds(100));
            ValidationCohort rerun = saved(revalidation.cohort().orElseThrow());
            String runId = rerun.run().runId();
            Decision checked = transitions.recordValidationCheck(other, rerun, runId, CheckResult.passed(), T0.plusSeconds(101)).orElseThrow();
            ValidationCohort resolved = transitions.completeValidation(rerun, runId, T0.plusSeconds(102)).orElseThrow().cohort().orElseThrow();

            // then
            assertEquals(ValidationRun.Kind.REVALIDATION, rerun.run().kind());
            assertEquals(runId, eventsOf(revalidation, DomainEvent.ValidationRequested.class).getFirst().runId());
            assertEquals(HubStatus.UNDER_REVIEW, evaluator.evaluate(checked.hub().orElseThrow(), rerun, T0.plusSeconds(101)).status(),
                    "a hub stays under review until the re-validation completes, never back to Under validation");
            assertNull(resolved.review());
            assertEquals(HubStatus.REQUIRES_SYNC, evaluator.evaluate(checked.hub().orElseThrow(), resolved, T0.plusSeconds(103)).status());
        }

        @Test
        void aRunHandedOnIsAskedForAgainNowAndKeepsWhereItStopped() {
            // given
            ValidationCohort settling = transitions.completeValidation(Facts.validatingCohort(T0), "val-1", T0).orElseThrow().cohort().orElseThrow();

            // when
            Decision d = transitions.continueValidation(settling, "val-1", Optional.of("cursor-1"), T0.plusSeconds(60)).orElseThrow();

            // then
            assertEquals("cursor-1", d.cohort().orElseThrow().run().settleCursor());
            assertEquals(T0.plusSeconds(60).plus(Duration.ofMinutes(15)), d.cohort().orElseThrow().run().retryAt());
            assertEquals("val-1", eventsOf(d, DomainEvent.ValidationRequested.class).getFirst().runId());
            assertTrue(transitions.continueValidation(settling, "val-other", Optional.empty(), T0).isEmpty());
        }

        @Test
        void aRevalidationCannotStartWhileARunIsInProgress() {
            assertThrows(ValidationAlreadyRunningException.class,
                    () -> transitions.requestRevalidation(Facts.validatingCohort(T0), "operator-1", T0));
        }

        @Test
        void aTransientCheckResultRecordsNothingAndARepeatedResultChangesNothing() {
            // given
            ValidationCohort cohort = Facts.validatingCohort(T0);
            Hub hub = Facts.newHub(T0).build();

            // then
            assertTrue(transitions.recordValidationCheck(hub, cohort, "val-1",
                    CheckResult.failed(Finding.of(Cause.TRANSIENT, "timeout")), T0).isEmpty());
            Hub checked = transitions.recordValidationCheck(hub, cohort, "val-1", CheckResult.passed(), T0).orElseThrow().hub().orElseThrow();
            assertTrue(transitions.recordValidationCheck(checked, cohort, "val-1", CheckResult.passed(), T0).isEmpty());
            assertTrue(transitions.recordValidationCheck(hub, cohort, "val-other", CheckResult.passed(), T0).isEmpty());
        }

        @Test
        void aRunThatStoppedIsAskedForAgainAfterItsRetryTimeWithALongerDelay() {
            // given
            ValidationCohort cohort = Facts.validatingCohort(T0);

            // then
            assertTrue(transitions.retryValidation(cohort, T0.plus(Duration.ofMinutes(14))).isEmpty());
            Decision retried = transitions.retryValidation(cohort, T0.plus(Duration.ofMinutes(15))).orElseThrow();
            assertEquals(1, retried.cohort().orElseThrow().run().attempts());
            assertEquals(T0.plus(Duration.ofMinutes(15 + 30)), retried.cohort().orElseThrow().run().retryAt());
            assertEquals("val-1", eventsOf(retried, DomainEvent.ValidationRequested.class).getFirst().runId());
        }
    }

    @Nested
    class SingleHubChecks {

        @Test
        void aCheckThatPassesClosesTheProblemsItNoLongerFinds() {
            // given
            PendingCheck pending = new PendingCheck("chk-1", CheckTrigger.CONFIGURATION_CHANGED, T0, 0, T0.plusSeconds(900));
            Hub hub = Facts.withProblems(Facts.newHub(T0), T0, ReasonCode.CONFIGURATION_INVALID)
                    .check(pending)
                    .recorded(new RecordedStatus(HubStatus.REVIEW_CONFIGURATION, T0, List.of(ReasonCode.CONFIGURATION_INVALID, ReasonCode.NO_INITIAL_SYNC)))
                    .build();

            // when
            Decision d = transitions.recordCheck(hub, Facts.validatedCohort(T0), "chk-1", CheckResult.passed(), T0.plusSeconds(60)).orElseThrow();

            // then
            assertTrue(d.hub().orElseThrow().problems().isEmpty());
            assertNull(d.hub().orElseThrow().check());
            assertEquals(HubStatus.REQUIRES_SYNC, d.hub().orElseThrow().recorded().status());
            assertEquals(TransitionCause.CHECK_COMPLETED, d.history().getFirst().cause());
        }

        @Test
        void aCheckKeepsTheFirstTimeOfAProblemFoundAgainAndReportsEveryFinding() {
            // given
            PendingCheck pending = new PendingCheck("chk-1", CheckTrigger.CONNECTED, T0, 0, T0.plusSeconds(900));
            Hub hub = Facts.withProblems(Facts.newHub(T0), T0, ReasonCode.CONFIGURATION_INVALID).check(pending).build();

            // when
            Decision d = transitions.recordCheck(hub, Facts.validatedCohort(T0), "chk-1", CheckResult.failed(
                    Finding.of(Cause.CONFIGURATION, "still wrong"), Finding.of(Cause.SERVICE_ACCOUNT_MFA, "no MFA")),
                    T0.plusSeconds(60)).orElseThrow();

            // then
            Problem config = d.hub().orElseThrow().problem(ReasonCode.CONFIGURATION_INVALID).orElseThrow();
            assertEquals(T0, config.since());
            assertEquals(T0.plusSeconds(60), config.lastSeenAt());
            assertEquals("still wrong", config.detail());
            assertTrue(d.hub().orElseThrow().problem(ReasonCode.SERVICE_ACCOUNT_MFA_NOT_MANAGED).isPresent());
            assertEquals(HubStatus.REVIEW_CONFIGURATION,
                    evaluator.evaluate(d.hub().orElseThrow(), Facts.validatedCohort(T0), T0.plusSeconds(61)).status());
        }

        @Test
        void aTransientCheckStaysPendingAndIsRetriedLater() {
            // given
            PendingCheck pending = new PendingCheck("chk-1", CheckTrigger.CONNECTED, T0, 0, T0.plusSeconds(900));
            Hub hub = Facts.newHub(T0).check(pending).build();

            // when
            Decision d = transitions.recordCheck(hub, Facts.validatedCohort(T0), "chk-1",
                    CheckResult.failed(Finding.of(Cause.TRANSIENT, "timeout")), T0.plusSeconds(10)).orElseThrow();

            // then
            assertEquals(1, d.hub().orElseThrow().check().attempts());
            assertEquals(T0.plusSeconds(10).plus(Duration.ofMinutes(30)), d.hub().orElseThrow().check().retryAt());
            assertTrue(d.events().isEmpty());
            assertTrue(transitions.recordCheck(hub, Facts.validatedCohort(T0), "chk-other", CheckResult.passed(), T0).isEmpty());
        }

        @Test
        void aCheckWithoutAResultIsAskedForAgainAfterItsRetryTime() {
            // given
            PendingCheck pending = new PendingCheck("chk-1", CheckTrigger.CONNECTED, T0, 0, T0.plusSeconds(900));
            Hub hub = Facts.newHub(T0).check(pending).build();

            // then
            assertTrue(transitions.retryLapsed(hub, null, T0.plusSeconds(899)).isEmpty());
            Decision d = transitions.retryLapsed(hub, null, T0.plusSeconds(900)).orElseThrow();
            assertEquals("chk-1", eventsOf(d, DomainEvent.CheckRequested.class).getFirst().checkId());
            assertEquals(1, d.hub().orElseThrow().check().attempts());
        }

        @Test
        void anAutomationFailureOnAHubsOwnCheckPutsThatHubUnderReviewAndKeepsItsOtherProblems() {
            // given
            PendingCheck pending = new PendingCheck("chk-1", CheckTrigger.CONNECTED, T0, 0, T0.plusSeconds(900));
            Hub hub = Facts.withProblems(Facts.newHub(T0), T0, ReasonCode.SERVICE_ACCOUNT_MFA_NOT_MANAGED).check(pending).build();

            // when
            Decision d = transitions.recordCheck(hub, Facts.validatedCohort(T0), "chk-1",
                    CheckResult.failed(Finding.of(Cause.AUTOMATION_FAILURE, "broken")), T0.plusSeconds(10)).orElseThrow();

            // then
            assertEquals(List.of(ReasonCode.HUB_AUTOMATION_FAILED, ReasonCode.SERVICE_ACCOUNT_MFA_NOT_MANAGED),
                    d.hub().orElseThrow().problems().stream().map(Problem::code).toList());
            assertEquals(HubStatus.UNDER_REVIEW, d.hub().orElseThrow().recorded().status());
        }
    }

    @Nested
    class OwnerChanges {

        @Test
        void aNewBusinessIdAsksForARecheckAndTheReviewStatusStaysUntilItPasses() {
            // given
            Hub hub = Facts.withProblems(Facts.newHub(T0), T0, ReasonCode.CONFIGURATION_INVALID)
                    .recorded(new RecordedStatus(HubStatus.REVIEW_CONFIGURATION, T0, List.of(ReasonCode.CONFIGURATION_INVALID, ReasonCode.NO_INITIAL_SYNC)))
                    .build();

            // when
            Decision d = transitions.change(hub, Facts.validatedCohort(T0),
                    new HubTransitions.HubChange(Optional.empty(), Optional.of("1000000002"), Optional.empty(), Optional.empty(), Optional.empty()), T0.plusSeconds(60));

            // then
            assertEquals("1000000002", d.hub().orElseThrow().businessId());
            assertEquals(CheckTrigger.CONFIGURATION_CHANGED, d.hub().orElseThrow().check().trigger());
            assertEquals(d.hub().orElseThrow().check().checkId(), eventsOf(d, DomainEvent.CheckRequested.class).getFirst().checkId());
            assertEquals(HubStatus.REVIEW_CONFIGURATION, evaluator.evaluate(d.hub().orElseThrow(), Facts.validatedCohort(T0), T0.plusSeconds(61)).status());
            assertTrue(d.history().isEmpty());
        }

        @Test
        void aNewServiceAccountDuringTheFirstValidationIsCheckedByTheRunInProgress() {
            // given
            ValidationCohort cohort = Facts.validatingCohort(T0);
            Hub hub = Facts.newHub(T0).validatedRunId("val-1").build();

            // when
            Decision d = transitions.change(hub, cohort,
                    new HubTransitions.HubChange(Optional.empty(), Optional.empty(), Optional.of("sa-other"), Optional.empty(), Optional.empty()), T0.plusSeconds(60));

            // then
            assertNull(d.hub().orElseThrow().validatedRunId());
            assertNull(d.hub().orElseThrow().check());
            assertEquals(cohort, d.cohort().orElseThrow(), "the cohort is written again so the run's completion notices");
            assertTrue(eventsOf(d, DomainEvent.CheckRequested.class).isEmpty());
        }

        @Test
        void aRenameOrNewManagersAskForNoCheck() {
            // given
            Hub hub = Facts.syncedHub(T0).recorded(new RecordedStatus(HubStatus.HEALTHY, T0, List.of())).build();

            // when
            Decision d = transitions.change(hub, Facts.validatedCohort(T0),
                    new HubTransitions.HubChange(Optional.of("Renamed"), Optional.empty(), Optional.empty(), Optional.of(Set.of(OWNER, "user-2")), Optional.of(Set.of("user-2", "user-3"))),
                    T0.plusSeconds(60));

            // then
            assertEquals("Renamed", d.hub().orElseThrow().name());
            assertNull(d.hub().orElseThrow().check());
            assertEquals(Set.of(OWNER, "user-2"), d.hub().orElseThrow().owners());
            assertEquals(Set.of("user-3"), d.hub().orElseThrow().managers(), "an owner is not also listed as a manager");
            assertTrue(d.events().isEmpty());
        }

        @Test
        void aHubCannotBeLeftWithoutOwners() {
            Hub hub = Facts.syncedHub(T0).build();
            assertThrows(IllegalArgumentException.class, () -> transitions.change(hub, null,
                    new HubTransitions.HubChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Set.of()), Optional.empty()), T0));
        }

        @Test
        void disconnectingRemovesTheHubWithALastHistoryEntry() {
            // given
            Hub hub = Facts.syncedHub(T0).recorded(new RecordedStatus(HubStatus.HEALTHY, T0, List.of())).build();

            // when
            Decision d = transitions.disconnect(hub, OWNER, T0.plusSeconds(5));

            // then
            assertTrue(d.hubDeleted());
            assertEquals(HubStatus.HEALTHY, d.history().getFirst().from());
            assertNull(d.history().getFirst().to());
            assertInstanceOf(DomainEvent.HubDisconnected.class, d.events().getFirst());
        }

        @Test
        void anOwnerWhoFixedTheServiceAccountOutsideHubstatusAsksForARecheckWhichClosesTheReview() {
            // given
            ValidationCohort cohort = Facts.validatedCohort(T0);
            Hub hub = Facts.withProblems(Facts.newHub(T0), T0, ReasonCode.SERVICE_ACCOUNT_MFA_NOT_MANAGED).build();
            assertEquals(NextAction.TURN_ON_MANAGED_MFA, evaluator.evaluate(hub, cohort, T0).nextAction());
            assertTrue(NextAction.TURN_ON_MANAGED_MFA.label().endsWith("then re-check the hub"));

            // when
            Decision asked = transitions.requestRecheck(hub, cohort, T0.plusSeconds(60));
            Hub pending = saved(asked.hub().orElseThrow());
            Hub after = transitions.recordCheck(pending, cohort, pending.check().checkId(), CheckResult.passed(),
                    T0.plusSeconds(70)).orElseThrow().hub().orElseThrow();

            // then
            assertEquals(CheckTrigger.OWNER_REQUESTED, pending.check().trigger());
            assertEquals(pending.check().checkId(), eventsOf(asked, DomainEvent.CheckRequested.class).getFirst().checkId());
            assertThrows(CheckAlreadyRunningException.class, () -> transitions.requestRecheck(pending, cohort, T0.plusSeconds(61)));
            assertTrue(after.problems().isEmpty());
            assertEquals(HubStatus.REQUIRES_SYNC, evaluator.evaluate(after, cohort, T0.plusSeconds(70)).status());
        }

        @Test
        void aRecheckDuringTheFirstValidationIsRefusedAsTheValidationChecksTheHub() {
            Hub hub = Facts.newHub(T0).build();
            assertThrows(CheckAlreadyRunningException.class,
                    () -> transitions.requestRecheck(hub, Facts.validatingCohort(T0), T0.plusSeconds(60)));
        }
    }

    @Nested
    class Syncs {

        private final ValidationCohort cohort = Facts.validatedCohort(T0.minus(Duration.ofDays(5)));

        @Test
        void aSuccessfulSyncMakesTheHubHealthy() {
            // given
            Hub hub = Facts.newHub(T0)
                    .recorded(new RecordedStatus(HubStatus.REQUIRES_SYNC, T0, List.of(ReasonCode.NO_INITIAL_SYNC)))
                    .build();
            Decision requested = transitions.requestSync(hub, cohort, SyncTrigger.MANUAL, OWNER, T0.plusSeconds(10));
            String runId = requested.hub().orElseThrow().syncRun().runId();
            Hub started = transitions.startSync(saved(requested.hub().orElseThrow()), runId, "evt-1", T0.plusSeconds(11)).orElseThrow().hub().orElseThrow();

            // when
            Decision done = transitions.recordSync(saved(started), cohort, runId, SyncResult.succeeded(), T0.plusSeconds(40)).orElseThrow();

            // then
            assertEquals(runId, eventsOf(requested, DomainEvent.SyncRequested.class).getFirst().runId());
            assertEquals(HubStatus.HEALTHY, done.hub().orElseThrow().recorded().status());
            assertEquals(T0.plusSeconds(40), done.hub().orElseThrow().lastSuccessAt());
            assertNull(done.hub().orElseThrow().syncRun());
            assertEquals(T0.plusSeconds(11), done.hub().orElseThrow().lastSync().startedAt());
            HistoryEntry entry = done.history().getFirst();
            assertEquals(HubStatus.REQUIRES_SYNC, entry.from());
            assertEquals(HubStatus.HEALTHY, entry.to());
            assertEquals(TransitionCause.SYNC_SUCCEEDED, entry.cause());
            assertEquals(T0.plusSeconds(40).plus(Duration.ofHours(22)), done.hub().orElseThrow().sweepAt(StatusPolicy.defaults()));
        }

        @Test
        void aSecondSyncIsRefusedWhileOneIsActiveAndAllowedOnceItsLeaseRanOut() {
            // given
            Hub hub = Facts.syncedHub(T0).build();
            Hub requested = transitions.requestSync(hub, cohort, SyncTrigger.MANUAL, OWNER, T0).hub().orElseThrow();

            // then
            SyncAlreadyRunningException refused = assertThrows(SyncAlreadyRunningException.class,
                    () -> transitions.requestSync(requested, cohort, SyncTrigger.MANUAL, "user-2", T0.plusSeconds(1)));
            assertEquals(requested.syncRun(), refused.running());
            assertNotNull(transitions.requestSync(requested, cohort, SyncTrigger.MANUAL, OWNER,
                    T0.plus(Duration.ofMinutes(15)).plusMillis(1)));
        }

        @Test
        void onlyOneExecutorClaimsARunAndAStaleOrRepeatedRunChangesNothing() {
            // given
            Hub requested = transitions.requestSync(Facts.syncedHub(T0).build(), cohort, SyncTrigger.MANUAL, OWNER, T0).hub().orElseThrow();
            String runId = requested.syncRun().runId();

            // when
            Hub claimed = transitions.startSync(requested, runId, "evt-1", T0.plusSeconds(1)).orElseThrow().hub().orElseThrow();

            // then
            assertTrue(transitions.startSync(claimed, runId, "evt-2", T0.plusSeconds(2)).isEmpty(),
                    "a duplicate of the request, with another event id, does not start it twice");
            assertTrue(transitions.startSync(claimed, runId, "evt-1", T0.plusSeconds(2)).isPresent(),
                    "a retry of the same delivery takes it up again");
            assertTrue(transitions.startSync(claimed, "sync-other", "evt-1", T0.plusSeconds(2)).isEmpty());
            assertTrue(transitions.startSync(claimed, runId, "evt-3", T0.plus(Duration.ofMinutes(16))).isPresent(),
                    "a dead executor's run is taken over");
            Hub done = transitions.recordSync(claimed, cohort, runId, SyncResult.succeeded(), T0.plusSeconds(3)).orElseThrow().hub().orElseThrow();
            assertTrue(transitions.recordSync(done, cohort, runId, SyncResult.succeeded(), T0.plusSeconds(4)).isEmpty());
        }

        /** A synced hub's manual sync, asked for at T0, claimed a second later, failing with {@code failure} at T0 + 5 s. */
        private Decision failedSync(Finding failure) {
            Hub requested = transitions.requestSync(Facts.syncedHub(T0).build(), cohort, SyncTrigger.MANUAL, OWNER, T0).hub().orElseThrow();
            String runId = requested.syncRun().runId();
            Hub claimed = transitions.startSync(requested, runId, "evt-1", T0.plusSeconds(1)).orElseThrow().hub().orElseThrow();
            return transitions.recordSync(claimed, cohort, runId, SyncResult.failed(failure), T0.plusSeconds(5)).orElseThrow();
        }

        @Test
        void aSyncFailingOnTheServiceAccountOpensThatProblemAndListsTheFailure() {
            // when
            Decision d = failedSync(Finding.of(Cause.SERVICE_ACCOUNT_CREDENTIALS, "login rejected"));

            // then
            StatusView view = evaluator.evaluate(d.hub().orElseThrow(), cohort, T0.plusSeconds(6));
            assertEquals(HubStatus.REVIEW_SERVICE_ACCOUNT, view.status());
            assertEquals(List.of(ReasonCode.SERVICE_ACCOUNT_CREDENTIALS_INVALID, ReasonCode.LAST_SYNC_FAILED), view.reasonCodes());
            assertEquals(1, d.hub().orElseThrow().consecutiveSyncFailures());
            assertEquals(T0, d.hub().orElseThrow().lastSuccessAt(), "a failure keeps the last success");
        }

        @Test
        void aTransientSyncFailureOnlyRequiresASync() {
            // when
            Decision d = failedSync(Finding.of(Cause.TRANSIENT, "timeout"));

            // then
            assertTrue(d.hub().orElseThrow().problems().isEmpty());
            assertEquals(HubStatus.REQUIRES_SYNC, d.hub().orElseThrow().recorded().status());
            assertEquals(TransitionCause.SYNC_FAILED, d.history().getFirst().cause());
        }
    }

    /** The hub with its status recorded as it stands at T0, as every write leaves it. */
    private Hub asRecorded(Hub hub, ValidationCohort cohort) {
        StatusView view = evaluator.evaluate(hub, cohort, T0);
        return hub.toBuilder().recorded(new RecordedStatus(view.status(), T0, view.reasonCodes())).build();
    }

    @Nested
    class Staleness {

        private final ValidationCohort cohort = Facts.validatedCohort(T0.minus(Duration.ofDays(5)));
        private final Hub healthy = Facts.syncedHub(T0).recorded(new RecordedStatus(HubStatus.HEALTHY, T0, List.of())).build();

        @Test
        void beforeTheAutomaticSyncPointTheSweepDoesNothing() {
            assertTrue(transitions.sweep(healthy, cohort, T0.plus(Duration.ofHours(21))).isEmpty());
        }

        @Test
        void aheadOfStalenessTheSweepAsksOnceForAnAutomaticSync() {
            // when
            Decision d = transitions.sweep(healthy, cohort, T0.plus(Duration.ofHours(22))).orElseThrow();

            // then
            DomainEvent.SyncRequested request = eventsOf(d, DomainEvent.SyncRequested.class).getFirst();
            assertEquals(SyncTrigger.AUTOMATIC, request.trigger());
            assertEquals(T0, d.hub().orElseThrow().autoSyncCycle());
            assertEquals(T0.plus(Duration.ofHours(24)), d.hub().orElseThrow().sweepAt(StatusPolicy.defaults()), "next stop: staleness");
            assertTrue(transitions.sweep(d.hub().orElseThrow(), cohort, T0.plus(Duration.ofHours(23))).isEmpty(), "asked once per success");
        }

        @Test
        void aHubWithAProblemASyncCannotPassIsNotSyncedAutomaticallyButGetsItsSyncOnceTheProblemCloses() {
            // given: a service account problem the owner must fix, and the owner's re-check pending
            PendingCheck recheck = new PendingCheck("chk-1", CheckTrigger.OWNER_REQUESTED, T0, 0, T0.plus(Duration.ofHours(30)));
            Hub hub = asRecorded(Facts.withProblems(healthy.toBuilder(), T0, ReasonCode.SERVICE_ACCOUNT_MFA_NOT_MANAGED)
                    .check(recheck).build(), cohort);

            // then: the sweep leaves it due, asking for nothing
            assertTrue(transitions.sweep(hub, cohort, T0.plus(Duration.ofHours(22))).isEmpty());

            // when: the re-check passes while the hub is due
            Decision d = transitions.recordCheck(hub, cohort, "chk-1", CheckResult.passed(), T0.plus(Duration.ofHours(23)))
                    .orElseThrow();

            // then: its automatic sync is asked for at once, once
            DomainEvent.SyncRequested request = eventsOf(d, DomainEvent.SyncRequested.class).getFirst();
            assertEquals(SyncTrigger.AUTOMATIC, request.trigger());
            assertEquals(T0, d.hub().orElseThrow().autoSyncCycle());
        }

        @Test
        void aHubWhoseSyncSucceededWhileUnderValidationIsSyncedAutomaticallyWhenDue() {
            // given: its first validation still running (the app was unavailable), its owner's sync succeeded
            ValidationCohort validating = Facts.validatingCohort(T0.minus(Duration.ofHours(1)));
            Hub synced = Facts.syncedHub(T0).recorded(new RecordedStatus(HubStatus.UNDER_VALIDATION, T0, List.of())).build();

            // when: it reaches its automatic-sync time
            Decision d = transitions.sweep(synced, validating, T0.plus(Duration.ofHours(22))).orElseThrow();

            // then
            assertEquals(SyncTrigger.AUTOMATIC, eventsOf(d, DomainEvent.SyncRequested.class).getFirst().trigger());
        }

        @Test
        void aHubWhoseOwnCheckIsStillRetryingWhenDueIsSyncedAutomatically() {
            // given
            PendingCheck retrying = new PendingCheck("chk-1", CheckTrigger.CONFIGURATION_CHANGED, T0, 3, T0.plus(Duration.ofHours(23)));
            Hub hub = healthy.toBuilder().check(retrying).build();

            // when
            Decision d = transitions.sweep(hub, cohort, T0.plus(Duration.ofHours(22))).orElseThrow();

            // then
            assertEquals(SyncTrigger.AUTOMATIC, eventsOf(d, DomainEvent.SyncRequested.class).getFirst().trigger());
        }

        @Test
        void aHubUnderReviewOfItsOwnIsSyncedAutomaticallyAndTheSuccessfulSyncClosesTheReview() {
            // given: the hub's own automation failure, found by a sync
            Hub hub = Facts.withProblems(healthy.toBuilder(), T0, ReasonCode.HUB_AUTOMATION_FAILED).build();

            // when
            Decision due = transitions.sweep(hub, cohort, T0.plus(Duration.ofHours(22))).orElseThrow();
            Hub requested = saved(due.hub().orElseThrow());
            String runId = requested.syncRun().runId();
            Hub running = saved(transitions.startSync(requested, runId, "evt-1", T0.plus(Duration.ofHours(22)))
                    .orElseThrow().hub().orElseThrow());
            Hub after = transitions.recordSync(running, cohort, runId, SyncResult.succeeded(), T0.plus(Duration.ofHours(22)))
                    .orElseThrow().hub().orElseThrow();

            // then
            assertTrue(after.problems().isEmpty(), "a successful sync of the hub closes its own automation failure");
            assertEquals(HubStatus.HEALTHY, evaluator.evaluate(after, cohort, T0.plus(Duration.ofHours(22))).status());
        }

        @Test
        void anIntegrationUnderReviewIsNotSyncedAutomaticallyUntilAnOperatorsRevalidationClosesIt() {
            // given
            ValidationCohort underReview = Facts.withReview(cohort, ReasonCode.INTEGRATION_AUTOMATION_FAILED, T0);
            Hub hub = asRecorded(healthy, underReview);

            // then
            assertTrue(transitions.sweep(hub, underReview, T0.plus(Duration.ofHours(22))).isEmpty());
            Decision settled = transitions.settle(hub, cohort, T0.plus(Duration.ofHours(23))).orElseThrow();
            assertEquals(SyncTrigger.AUTOMATIC, eventsOf(settled, DomainEvent.SyncRequested.class).getFirst().trigger(),
                    "settling the hub after the re-validation closed the review asks for its sync at once");
        }

        @Test
        void pastTheThresholdTheSweepRecordsRequiresSyncDatedFromTheThresholdAndLeavesTheIndex() {
            // given
            Hub asked = healthy.toBuilder().autoSyncCycle(T0).build();

            // when
            Decision d = transitions.sweep(asked, cohort, T0.plus(Duration.ofHours(25))).orElseThrow();

            // then
            HistoryEntry entry = d.history().getFirst();
            assertEquals(HubStatus.HEALTHY, entry.from());
            assertEquals(HubStatus.REQUIRES_SYNC, entry.to());
            assertEquals(T0.plus(Duration.ofHours(24)), entry.at());
            assertEquals(TransitionCause.STALENESS_REACHED, entry.cause());
            DomainEvent.HubStatusChanged changed = eventsOf(d, DomainEvent.HubStatusChanged.class).getFirst();
            assertEquals(List.of(ReasonCode.SYNC_STALE), changed.reasons());
            assertNull(d.hub().orElseThrow().sweepAt(StatusPolicy.defaults()));
            assertTrue(transitions.sweep(d.hub().orElseThrow(), cohort, T0.plus(Duration.ofHours(26))).isEmpty(), "recorded once");
        }

        @Test
        void staleAtExactlyTheThresholdIsNotYetRecorded() {
            Hub asked = healthy.toBuilder().autoSyncCycle(T0).build();
            assertTrue(transitions.sweep(asked, cohort, T0.plus(Duration.ofHours(24))).isEmpty());
        }

        @Test
        void aHubThatNeverSyncedIsNotInTheSweep() {
            assertNull(Facts.newHub(T0).build().sweepAt(StatusPolicy.defaults()));
        }
    }

    @Nested
    class ClaimsAndLapsedWork {

        private final ValidationCohort cohort = Facts.validatedCohort(T0.minus(Duration.ofDays(1)));

        private Hub requestedSync() {
            return saved(transitions.requestSync(Facts.syncedHub(T0).build(), cohort, SyncTrigger.MANUAL, OWNER, T0)
                    .hub().orElseThrow());
        }

        @Test
        void aSyncWhoseExecutorDiedIsAskedForAgainWhenItsLeaseLapsesThenRecordedAsFailed() {
            // given: claimed, and its executor never reports
            Hub hub = requestedSync();
            String runId = hub.syncRun().runId();
            hub = saved(transitions.startSync(hub, runId, "evt-1", T0.plusSeconds(1)).orElseThrow().hub().orElseThrow());
            assertEquals(hub.syncRun().leaseUntil(), hub.retryAt(), "the hub is in the retry index at its lease's end");

            // then: nothing to do while the lease holds
            assertTrue(transitions.retryLapsed(hub, cohort, T0.plus(Duration.ofMinutes(15))).isEmpty());

            // when: the lease lapses, twice
            for (int attempt = 2; attempt <= StatusPolicy.MAX_SYNC_ATTEMPTS; attempt++) {
                Instant lapsed = hub.syncRun().leaseUntil().plusSeconds(1);
                Decision again = transitions.retryLapsed(hub, cohort, lapsed).orElseThrow();
                hub = saved(again.hub().orElseThrow());
                DomainEvent.SyncRequested asked = eventsOf(again, DomainEvent.SyncRequested.class).getFirst();
                assertEquals(runId, asked.runId(), "the same run is asked for, which the external app takes as the same sync");
                assertEquals(SyncRun.State.REQUESTED, hub.syncRun().state());
                assertEquals(attempt, hub.syncRun().attempts());
            }

            // when: the last attempt lapses too
            Instant end = hub.syncRun().leaseUntil().plusSeconds(1);
            Decision failed = transitions.retryLapsed(hub, cohort, end).orElseThrow();

            // then: the sync has an outcome, a failed one
            Hub after = failed.hub().orElseThrow();
            assertNull(after.syncRun());
            assertEquals(runId, after.lastSync().runId());
            assertEquals(Cause.TRANSIENT, after.lastSync().failure().cause());
            assertEquals(HubStatus.REQUIRES_SYNC, evaluator.evaluate(after, cohort, end).status());
            assertTrue(evaluator.evaluate(after, cohort, end).reasonCodes().contains(ReasonCode.LAST_SYNC_FAILED));
            assertNull(after.retryAt(), "the hub leaves the retry index");
        }

        @Test
        void aCheckIsClaimedByOneExecutorAndARetryOfTheSameDeliveryMayTakeItUpAgain() {
            // given
            PendingCheck pending = new PendingCheck("chk-1", CheckTrigger.CONNECTED, T0, 0, T0.plusSeconds(900));
            Hub hub = Facts.newHub(T0).check(pending).build();

            // when
            Hub claimed = saved(transitions.claimCheck(hub, "chk-1", "evt-1", T0.plusSeconds(1)).orElseThrow().hub().orElseThrow());

            // then
            assertTrue(transitions.claimCheck(claimed, "chk-1", "evt-2", T0.plusSeconds(2)).isEmpty(),
                    "a duplicate request, whatever its event id, does not reach the external app");
            assertTrue(transitions.claimCheck(claimed, "chk-1", "evt-1", T0.plusSeconds(2)).isPresent());
            assertTrue(transitions.claimCheck(claimed, "chk-other", "evt-3", T0.plusSeconds(2)).isEmpty());
            Hub claimedLate = transitions.claimCheck(hub, "chk-1", "evt-5", T0.plusSeconds(890)).orElseThrow().hub().orElseThrow();
            assertTrue(transitions.retryLapsed(claimedLate, cohort, T0.plusSeconds(900)).isEmpty(),
                    "the retry schedule leaves a check alone while its executor holds it");
            assertTrue(transitions.claimCheck(claimed, "chk-1", "evt-4", T0.plus(Duration.ofMinutes(7))).isPresent(),
                    "a dead executor's check is taken over");
        }

        @Test
        void anInconclusiveCheckIsLetGoSoTheRetryScheduleAsksForItAgain() {
            // given
            PendingCheck pending = new PendingCheck("chk-1", CheckTrigger.CONNECTED, T0, 0, T0.plusSeconds(900));
            Hub claimed = saved(transitions.claimCheck(Facts.newHub(T0).check(pending).build(), "chk-1", "evt-1",
                    T0.plusSeconds(1)).orElseThrow().hub().orElseThrow());

            // when
            Hub after = transitions.recordCheck(claimed, cohort, "chk-1", CheckResult.failed(Finding.of(Cause.TRANSIENT,
                    "timeout")), T0.plusSeconds(2)).orElseThrow().hub().orElseThrow();

            // then
            assertNull(after.check().claim());
            assertEquals(1, after.check().attempts());
            assertTrue(transitions.retryLapsed(after, cohort, after.check().retryAt()).isPresent());
        }

        @Test
        void aValidationRunIsHeldByOneExecutorAndLetGoWhenItWaitsOrIsHandedOn() {
            // given
            ValidationCohort validating = Facts.validatingCohort(T0);

            // when
            ValidationCohort held = saved(transitions.claimValidation(validating, "val-1", "evt-1", T0.plusSeconds(1))
                    .orElseThrow().cohort().orElseThrow());

            // then
            assertTrue(transitions.claimValidation(held, "val-1", "evt-2", T0.plusSeconds(2)).isEmpty());
            assertTrue(transitions.claimValidation(held, "val-1", "evt-1", T0.plusSeconds(2)).isPresent());
            assertTrue(transitions.claimValidation(held, "val-other", "evt-3", T0.plusSeconds(2)).isEmpty());
            ValidationCohort heldLate = transitions.claimValidation(validating, "val-1", "evt-4",
                    validating.run().retryAt().minusSeconds(10)).orElseThrow().cohort().orElseThrow();
            assertTrue(transitions.retryValidation(heldLate, heldLate.run().retryAt()).isEmpty(),
                    "the retry schedule leaves a run alone while its executor holds it");
            ValidationCohort released = transitions.releaseValidation(held, "val-1", "evt-1").orElseThrow().cohort().orElseThrow();
            assertNull(released.run().claim());
            assertTrue(transitions.releaseValidation(held, "val-1", "evt-2").isEmpty(), "only the holder lets go");
            ValidationCohort handedOn = transitions.continueValidation(held, "val-1", Optional.empty(), T0.plusSeconds(3))
                    .orElseThrow().cohort().orElseThrow();
            assertNull(handedOn.run().claim(), "the next invocation claims it afresh");
        }
    }
}
