package com.hubstatus.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
            assertNotNull(d.cohort());
            assertTrue(d.cohort().isValidating());
            assertEquals(ValidationRun.Kind.INITIAL, d.cohort().run().kind());
            assertEquals(1, eventsOf(d, DomainEvent.ValidationRequested.class).size());
            assertEquals(d.cohort().run().runId(), eventsOf(d, DomainEvent.ValidationRequested.class).getFirst().runId());
            assertEquals(1, eventsOf(d, DomainEvent.HubConnected.class).size());
            assertEquals(HubStatus.UNDER_VALIDATION, d.hub().recorded().status());
            DomainEvent.HubStatusChanged changed = eventsOf(d, DomainEvent.HubStatusChanged.class).getFirst();
            assertNull(changed.from());
            assertEquals(HubStatus.UNDER_VALIDATION, changed.to());
            assertEquals(1, d.history().size());
            assertEquals(changed.eventId(), d.history().getFirst().eventId());
            assertNull(d.hub().check());
        }

        @Test
        void aHubConnectedBeforeCompletionJoinsTheCohortAndIsUnderValidation() {
            // given
            ValidationCohort cohort = saved(transitions.connect(newHub("1000000001"), null, T0).cohort());

            // when
            Decision d = transitions.connect(newHub("1000000002"), cohort, T0.plusSeconds(60));

            // then
            assertEquals(cohort, d.cohort(), "the cohort is written again, unchanged, so a completing run notices");
            assertTrue(eventsOf(d, DomainEvent.ValidationRequested.class).isEmpty());
            assertTrue(eventsOf(d, DomainEvent.CheckRequested.class).isEmpty());
            assertEquals(HubStatus.UNDER_VALIDATION, d.hub().recorded().status());
        }

        @Test
        void aHubConnectedAfterCompletionNeverEntersUnderValidationAndGetsItsOwnCheck() {
            // given
            ValidationCohort cohort = Facts.validatedCohort(T0);

            // when
            Decision d = transitions.connect(newHub("1000000003"), cohort, T0.plusSeconds(60));

            // then
            assertNull(d.cohort());
            assertEquals(HubStatus.REQUIRES_SYNC, d.hub().recorded().status());
            assertNotNull(d.hub().check());
            assertEquals(CheckTrigger.CONNECTED, d.hub().check().trigger());
            DomainEvent.CheckRequested check = eventsOf(d, DomainEvent.CheckRequested.class).getFirst();
            assertEquals(d.hub().check().checkId(), check.checkId());
            assertTrue(d.history().stream().noneMatch(h -> h.to() == HubStatus.UNDER_VALIDATION));
        }

        @Test
        void completingTheValidationMovesEveryMemberOutOfUnderValidation() {
            // given: two hubs connected before completion, both checked and passed
            Decision first = transitions.connect(newHub("1000000001"), null, T0);
            ValidationCohort cohort = saved(first.cohort());
            Decision second = transitions.connect(newHub("1000000002"), cohort, T0.plusSeconds(10));
            cohort = saved(second.cohort());
            String runId = cohort.run().runId();
            Hub a = saved(first.hub());
            Hub b = saved(second.hub());
            a = saved(transitions.recordValidationCheck(a, cohort, runId, CheckResult.passed(), T0.plusSeconds(20)).hub());
            b = saved(transitions.recordValidationCheck(b, cohort, runId, CheckResult.passed(), T0.plusSeconds(21)).hub());
            assertEquals(HubStatus.UNDER_VALIDATION, evaluator.evaluate(a, cohort, T0.plusSeconds(22)).status());

            // when
            Instant completedAt = T0.plusSeconds(30);
            ValidationCohort completed = saved(transitions.completeValidation(cohort, runId, completedAt).cohort());
            Decision settleA = transitions.settle(a, completed, T0.plusSeconds(31));
            Decision settleB = transitions.settle(b, completed, T0.plusSeconds(31));

            // then
            assertFalse(completed.isValidating());
            assertEquals(ValidationRun.Phase.SETTLING, completed.run().phase());
            for (Decision settled : List.of(settleA, settleB)) {
                assertEquals(HubStatus.REQUIRES_SYNC, settled.hub().recorded().status());
                HistoryEntry entry = settled.history().getFirst();
                assertEquals(HubStatus.UNDER_VALIDATION, entry.from());
                assertEquals(HubStatus.REQUIRES_SYNC, entry.to());
                assertEquals(completedAt, entry.at(), "the transition dates from the completion");
                assertEquals(TransitionCause.VALIDATION_COMPLETED, entry.cause());
            }
            assertNull(transitions.settle(saved(settleA.hub()), completed, T0.plusSeconds(32)), "settling twice changes nothing");
            assertNull(transitions.finishValidation(completed, runId).cohort().run());
        }

        @Test
        void aHubLevelFindingBecomesThatHubsProblemOnly() {
            // given
            ValidationCohort cohort = Facts.validatingCohort(T0);
            Hub hub = Facts.newHub(T0).build();

            // when
            Decision d = transitions.recordValidationCheck(hub, cohort, "val-1",
                    CheckResult.failed(Finding.of(Cause.CONFIGURATION, "business ID 42 not found")), T0.plusSeconds(5));

            // then
            assertNull(d.cohort());
            assertEquals(List.of(ReasonCode.CONFIGURATION_INVALID), d.hub().problems().stream().map(Problem::code).toList());
            assertEquals("val-1", d.hub().validatedRunId());
            assertEquals(HubStatus.UNDER_VALIDATION, evaluator.evaluate(d.hub(), cohort, T0.plusSeconds(6)).status());
            ValidationCohort completed = transitions.completeValidation(cohort, "val-1", T0.plusSeconds(7)).cohort();
            assertEquals(HubStatus.REVIEW_CONFIGURATION, evaluator.evaluate(d.hub(), completed, T0.plusSeconds(8)).status());
        }

        @Test
        void anAutomationFailurePutsTheWholeCohortUnderReviewUntilARevalidationPasses() {
            // given
            ValidationCohort cohort = Facts.validatingCohort(T0);
            Hub failing = Facts.newHub(T0).build();
            Hub other = Facts.newHub(T0).hubId("hub-2").build();
            Decision d = transitions.recordValidationCheck(failing, cohort, "val-1",
                    CheckResult.failed(Finding.of(Cause.AUTOMATION_FAILURE, "login page changed")), T0.plusSeconds(5));
            cohort = saved(d.cohort());
            assertEquals(Cause.AUTOMATION_FAILURE, cohort.run().reviewFinding().cause());
            assertTrue(d.hub().problems().isEmpty(), "the integration's failure is not the hub's problem");

            // when: the run completes
            ValidationCohort completed = saved(transitions.completeValidation(cohort, "val-1", T0.plusSeconds(10)).cohort());

            // then: every hub of the cohort is under review
            assertEquals(ReasonCode.INTEGRATION_AUTOMATION_FAILED, completed.review().code());
            assertEquals(HubStatus.UNDER_REVIEW, transitions.settle(saved(d.hub()), completed, T0.plusSeconds(11)).hub().recorded().status());
            assertEquals(HubStatus.UNDER_REVIEW, evaluator.evaluate(other, completed, T0.plusSeconds(11)).status());

            // when: an operator re-validates once the automation is fixed, and it passes
            ValidationCohort idle = saved(transitions.finishValidation(completed, "val-1").cohort());
            Decision revalidation = transitions.requestRevalidation(idle, "operator-1", T0.plusSeconds(100));
            ValidationCohort rerun = saved(revalidation.cohort());
            String runId = rerun.run().runId();
            Decision checked = transitions.recordValidationCheck(other, rerun, runId, CheckResult.passed(), T0.plusSeconds(101));
            ValidationCohort resolved = transitions.completeValidation(rerun, runId, T0.plusSeconds(102)).cohort();

            // then
            assertEquals(ValidationRun.Kind.REVALIDATION, rerun.run().kind());
            assertEquals(runId, eventsOf(revalidation, DomainEvent.ValidationRequested.class).getFirst().runId());
            assertEquals(HubStatus.UNDER_REVIEW, evaluator.evaluate(checked.hub(), rerun, T0.plusSeconds(101)).status(),
                    "a hub stays under review until the re-validation completes, never back to Under validation");
            assertNull(resolved.review());
            assertEquals(HubStatus.REQUIRES_SYNC, evaluator.evaluate(checked.hub(), resolved, T0.plusSeconds(103)).status());
        }

        @Test
        void aRunHandedOnIsAskedForAgainNowAndKeepsWhereItStopped() {
            // given
            ValidationCohort settling = transitions.completeValidation(Facts.validatingCohort(T0), "val-1", T0).cohort();

            // when
            Decision d = transitions.continueValidation(settling, "val-1", "cursor-1", T0.plusSeconds(60));

            // then
            assertEquals("cursor-1", d.cohort().run().settleCursor());
            assertEquals(T0.plusSeconds(60).plus(Duration.ofMinutes(15)), d.cohort().run().retryAt());
            assertEquals("val-1", eventsOf(d, DomainEvent.ValidationRequested.class).getFirst().runId());
            assertNull(transitions.continueValidation(settling, "val-other", null, T0));
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
            assertNull(transitions.recordValidationCheck(hub, cohort, "val-1",
                    CheckResult.failed(Finding.of(Cause.TRANSIENT, "timeout")), T0));
            Hub checked = transitions.recordValidationCheck(hub, cohort, "val-1", CheckResult.passed(), T0).hub();
            assertNull(transitions.recordValidationCheck(checked, cohort, "val-1", CheckResult.passed(), T0));
            assertNull(transitions.recordValidationCheck(hub, cohort, "val-other", CheckResult.passed(), T0));
        }

        @Test
        void aRunThatStoppedIsAskedForAgainAfterItsRetryTimeWithALongerDelay() {
            // given
            ValidationCohort cohort = Facts.validatingCohort(T0);

            // then
            assertNull(transitions.retryValidation(cohort, T0.plus(Duration.ofMinutes(14))));
            Decision retried = transitions.retryValidation(cohort, T0.plus(Duration.ofMinutes(15)));
            assertEquals(1, retried.cohort().run().attempts());
            assertEquals(T0.plus(Duration.ofMinutes(15 + 30)), retried.cohort().run().retryAt());
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
            Decision d = transitions.recordCheck(hub, Facts.validatedCohort(T0), "chk-1", CheckResult.passed(), T0.plusSeconds(60));

            // then
            assertTrue(d.hub().problems().isEmpty());
            assertNull(d.hub().check());
            assertEquals(HubStatus.REQUIRES_SYNC, d.hub().recorded().status());
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
                    T0.plusSeconds(60));

            // then
            Problem config = d.hub().problem(ReasonCode.CONFIGURATION_INVALID).orElseThrow();
            assertEquals(T0, config.since());
            assertEquals(T0.plusSeconds(60), config.lastSeenAt());
            assertEquals("still wrong", config.detail());
            assertTrue(d.hub().problem(ReasonCode.SERVICE_ACCOUNT_MFA_NOT_MANAGED).isPresent());
            assertEquals(HubStatus.REVIEW_CONFIGURATION,
                    evaluator.evaluate(d.hub(), Facts.validatedCohort(T0), T0.plusSeconds(61)).status());
        }

        @Test
        void aTransientCheckStaysPendingAndIsRetriedLater() {
            // given
            PendingCheck pending = new PendingCheck("chk-1", CheckTrigger.CONNECTED, T0, 0, T0.plusSeconds(900));
            Hub hub = Facts.newHub(T0).check(pending).build();

            // when
            Decision d = transitions.recordCheck(hub, Facts.validatedCohort(T0), "chk-1",
                    CheckResult.failed(Finding.of(Cause.TRANSIENT, "timeout")), T0.plusSeconds(10));

            // then
            assertEquals(1, d.hub().check().attempts());
            assertEquals(T0.plusSeconds(10).plus(Duration.ofMinutes(30)), d.hub().check().retryAt());
            assertTrue(d.events().isEmpty());
            assertNull(transitions.recordCheck(hub, Facts.validatedCohort(T0), "chk-other", CheckResult.passed(), T0));
        }

        @Test
        void aCheckWithoutAResultIsAskedForAgainAfterItsRetryTime() {
            // given
            PendingCheck pending = new PendingCheck("chk-1", CheckTrigger.CONNECTED, T0, 0, T0.plusSeconds(900));
            Hub hub = Facts.newHub(T0).check(pending).build();

            // then
            assertNull(transitions.retryCheck(hub, T0.plusSeconds(899)));
            Decision d = transitions.retryCheck(hub, T0.plusSeconds(900));
            assertEquals("chk-1", eventsOf(d, DomainEvent.CheckRequested.class).getFirst().checkId());
            assertEquals(1, d.hub().check().attempts());
        }

        @Test
        void anAutomationFailureOnAHubsOwnCheckPutsThatHubUnderReviewAndKeepsItsOtherProblems() {
            // given
            PendingCheck pending = new PendingCheck("chk-1", CheckTrigger.CONNECTED, T0, 0, T0.plusSeconds(900));
            Hub hub = Facts.withProblems(Facts.newHub(T0), T0, ReasonCode.SERVICE_ACCOUNT_MFA_NOT_MANAGED).check(pending).build();

            // when
            Decision d = transitions.recordCheck(hub, Facts.validatedCohort(T0), "chk-1",
                    CheckResult.failed(Finding.of(Cause.AUTOMATION_FAILURE, "broken")), T0.plusSeconds(10));

            // then
            assertEquals(List.of(ReasonCode.HUB_AUTOMATION_FAILED, ReasonCode.SERVICE_ACCOUNT_MFA_NOT_MANAGED),
                    d.hub().problems().stream().map(Problem::code).toList());
            assertEquals(HubStatus.UNDER_REVIEW, d.hub().recorded().status());
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
                    new HubTransitions.HubChange(null, "1000000002", null, null, null), T0.plusSeconds(60));

            // then
            assertEquals("1000000002", d.hub().businessId());
            assertEquals(CheckTrigger.CONFIGURATION_CHANGED, d.hub().check().trigger());
            assertEquals(d.hub().check().checkId(), eventsOf(d, DomainEvent.CheckRequested.class).getFirst().checkId());
            assertEquals(HubStatus.REVIEW_CONFIGURATION, evaluator.evaluate(d.hub(), Facts.validatedCohort(T0), T0.plusSeconds(61)).status());
            assertTrue(d.history().isEmpty());
        }

        @Test
        void aNewServiceAccountDuringTheFirstValidationIsCheckedByTheRunInProgress() {
            // given
            ValidationCohort cohort = Facts.validatingCohort(T0);
            Hub hub = Facts.newHub(T0).validatedRunId("val-1").build();

            // when
            Decision d = transitions.change(hub, cohort,
                    new HubTransitions.HubChange(null, null, "sa-other", null, null), T0.plusSeconds(60));

            // then
            assertNull(d.hub().validatedRunId());
            assertNull(d.hub().check());
            assertEquals(cohort, d.cohort(), "the cohort is written again so the run's completion notices");
            assertTrue(eventsOf(d, DomainEvent.CheckRequested.class).isEmpty());
        }

        @Test
        void aRenameOrNewManagersAskForNoCheck() {
            // given
            Hub hub = Facts.syncedHub(T0).recorded(new RecordedStatus(HubStatus.HEALTHY, T0, List.of())).build();

            // when
            Decision d = transitions.change(hub, Facts.validatedCohort(T0),
                    new HubTransitions.HubChange("Renamed", null, null, Set.of(OWNER, "user-2"), Set.of("user-2", "user-3")),
                    T0.plusSeconds(60));

            // then
            assertEquals("Renamed", d.hub().name());
            assertNull(d.hub().check());
            assertEquals(Set.of(OWNER, "user-2"), d.hub().owners());
            assertEquals(Set.of("user-3"), d.hub().managers(), "an owner is not also listed as a manager");
            assertTrue(d.events().isEmpty());
        }

        @Test
        void aHubCannotBeLeftWithoutOwners() {
            Hub hub = Facts.syncedHub(T0).build();
            assertThrows(IllegalArgumentException.class, () -> transitions.change(hub, null,
                    new HubTransitions.HubChange(null, null, null, Set.of(), null), T0));
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
            String runId = requested.hub().syncRun().runId();
            Hub started = transitions.startSync(saved(requested.hub()), runId, T0.plusSeconds(11)).hub();

            // when
            Decision done = transitions.recordSync(saved(started), cohort, runId, SyncResult.succeeded(), T0.plusSeconds(40));

            // then
            assertEquals(runId, eventsOf(requested, DomainEvent.SyncRequested.class).getFirst().runId());
            assertEquals(HubStatus.HEALTHY, done.hub().recorded().status());
            assertEquals(T0.plusSeconds(40), done.hub().lastSuccessAt());
            assertNull(done.hub().syncRun());
            assertEquals(T0.plusSeconds(11), done.hub().lastSync().startedAt());
            HistoryEntry entry = done.history().getFirst();
            assertEquals(HubStatus.REQUIRES_SYNC, entry.from());
            assertEquals(HubStatus.HEALTHY, entry.to());
            assertEquals(TransitionCause.SYNC_SUCCEEDED, entry.cause());
            assertEquals(T0.plusSeconds(40).plus(Duration.ofHours(22)), done.hub().sweepAt(StatusPolicy.defaults()));
        }

        @Test
        void aSecondSyncIsRefusedWhileOneIsActiveAndAllowedOnceItsLeaseRanOut() {
            // given
            Hub hub = Facts.syncedHub(T0).build();
            Hub requested = transitions.requestSync(hub, cohort, SyncTrigger.MANUAL, OWNER, T0).hub();

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
            Hub requested = transitions.requestSync(Facts.syncedHub(T0).build(), cohort, SyncTrigger.MANUAL, OWNER, T0).hub();
            String runId = requested.syncRun().runId();

            // when
            Hub claimed = transitions.startSync(requested, runId, T0.plusSeconds(1)).hub();

            // then
            assertNull(transitions.startSync(claimed, runId, T0.plusSeconds(2)), "a duplicate delivery does not start it twice");
            assertNull(transitions.startSync(claimed, "sync-other", T0.plusSeconds(2)));
            assertNotNull(transitions.startSync(claimed, runId, T0.plus(Duration.ofMinutes(16))), "a dead executor's run is taken over");
            Hub done = transitions.recordSync(claimed, cohort, runId, SyncResult.succeeded(), T0.plusSeconds(3)).hub();
            assertNull(transitions.recordSync(done, cohort, runId, SyncResult.succeeded(), T0.plusSeconds(4)));
        }

        @Test
        void aSyncFailingOnTheServiceAccountOpensThatProblemAndListsTheFailure() {
            // given
            Hub requested = transitions.requestSync(Facts.syncedHub(T0).build(), cohort, SyncTrigger.MANUAL, OWNER, T0).hub();
            String runId = requested.syncRun().runId();
            Hub claimed = transitions.startSync(requested, runId, T0.plusSeconds(1)).hub();

            // when
            Decision d = transitions.recordSync(claimed, cohort, runId,
                    SyncResult.failed(Finding.of(Cause.SERVICE_ACCOUNT_CREDENTIALS, "login rejected")), T0.plusSeconds(5));

            // then
            StatusView view = evaluator.evaluate(d.hub(), cohort, T0.plusSeconds(6));
            assertEquals(HubStatus.REVIEW_SERVICE_ACCOUNT, view.status());
            assertEquals(List.of(ReasonCode.SERVICE_ACCOUNT_CREDENTIALS_INVALID, ReasonCode.LAST_SYNC_FAILED), view.reasonCodes());
            assertEquals(1, d.hub().consecutiveSyncFailures());
            assertEquals(T0, d.hub().lastSuccessAt(), "a failure keeps the last success");
        }

        @Test
        void aTransientSyncFailureOnlyRequiresASync() {
            // given
            Hub requested = transitions.requestSync(Facts.syncedHub(T0).build(), cohort, SyncTrigger.MANUAL, OWNER, T0).hub();
            String runId = requested.syncRun().runId();
            Hub claimed = transitions.startSync(requested, runId, T0.plusSeconds(1)).hub();

            // when
            Decision d = transitions.recordSync(claimed, cohort, runId,
                    SyncResult.failed(Finding.of(Cause.TRANSIENT, "timeout")), T0.plusSeconds(5));

            // then
            assertTrue(d.hub().problems().isEmpty());
            assertEquals(HubStatus.REQUIRES_SYNC, d.hub().recorded().status());
            assertEquals(TransitionCause.SYNC_FAILED, d.history().getFirst().cause());
        }
    }

    @Nested
    class Staleness {

        private final ValidationCohort cohort = Facts.validatedCohort(T0.minus(Duration.ofDays(5)));
        private final Hub healthy = Facts.syncedHub(T0).recorded(new RecordedStatus(HubStatus.HEALTHY, T0, List.of())).build();

        @Test
        void beforeTheAutomaticSyncPointTheSweepDoesNothing() {
            assertNull(transitions.sweep(healthy, cohort, T0.plus(Duration.ofHours(21))));
        }

        @Test
        void aheadOfStalenessTheSweepAsksOnceForAnAutomaticSync() {
            // when
            Decision d = transitions.sweep(healthy, cohort, T0.plus(Duration.ofHours(22)));

            // then
            DomainEvent.SyncRequested request = eventsOf(d, DomainEvent.SyncRequested.class).getFirst();
            assertEquals(SyncTrigger.AUTOMATIC, request.trigger());
            assertEquals(T0, d.hub().autoSyncCycle());
            assertEquals(T0.plus(Duration.ofHours(24)), d.hub().sweepAt(StatusPolicy.defaults()), "next stop: staleness");
            assertNull(transitions.sweep(d.hub(), cohort, T0.plus(Duration.ofHours(23))), "asked once per success");
        }

        @Test
        void aHubWithAnOpenProblemIsNotSyncedAutomatically() {
            // given
            Hub hub = Facts.withProblems(healthy.toBuilder(), T0, ReasonCode.SERVICE_ACCOUNT_MFA_NOT_MANAGED).build();

            // when
            Decision d = transitions.sweep(hub, cohort, T0.plus(Duration.ofHours(22)));

            // then
            assertTrue(eventsOf(d, DomainEvent.SyncRequested.class).isEmpty());
            assertEquals(T0, d.hub().autoSyncCycle());
        }

        @Test
        void pastTheThresholdTheSweepRecordsRequiresSyncDatedFromTheThresholdAndLeavesTheIndex() {
            // given
            Hub asked = healthy.toBuilder().autoSyncCycle(T0).build();

            // when
            Decision d = transitions.sweep(asked, cohort, T0.plus(Duration.ofHours(25)));

            // then
            HistoryEntry entry = d.history().getFirst();
            assertEquals(HubStatus.HEALTHY, entry.from());
            assertEquals(HubStatus.REQUIRES_SYNC, entry.to());
            assertEquals(T0.plus(Duration.ofHours(24)), entry.at());
            assertEquals(TransitionCause.STALENESS_REACHED, entry.cause());
            DomainEvent.HubStatusChanged changed = eventsOf(d, DomainEvent.HubStatusChanged.class).getFirst();
            assertEquals(List.of(ReasonCode.SYNC_STALE), changed.reasons());
            assertNull(d.hub().sweepAt(StatusPolicy.defaults()));
            assertNull(transitions.sweep(d.hub(), cohort, T0.plus(Duration.ofHours(26))), "recorded once");
        }

        @Test
        void staleAtExactlyTheThresholdIsNotYetRecorded() {
            Hub asked = healthy.toBuilder().autoSyncCycle(T0).build();
            assertNull(transitions.sweep(asked, cohort, T0.plus(Duration.ofHours(24))));
        }

        @Test
        void aHubThatNeverSyncedIsNotInTheSweep() {
            assertNull(Facts.newHub(T0).build().sweepAt(StatusPolicy.defaults()));
        }
    }
}
