package com.hubstatus.status;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static com.hubstatus.status.Facts.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusEvaluatorTest {

    private static final StatusEvaluator EVALUATOR = new StatusEvaluator(StatusPolicy.defaults());
    private static final Instant NOW = T0.plus(Duration.ofHours(1));

    /** A hub's facts plus its cohort's, as one case of the table. */
    record Case(String name, Hub hub, ValidationCohort cohort, Instant now, HubStatus status,
                List<ReasonCode> reasons, NextAction next) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A synced hub of a cohort validated at {@code completed}, with one problem of its own, read at {@link #NOW}. */
    private static Case withOneProblem(String name, Instant completed, ReasonCode problem, HubStatus status, NextAction next) {
        return new Case(name, Facts.withProblems(Facts.syncedHub(T0), T0, problem).build(), Facts.validatedCohort(completed),
                NOW, status, List.of(problem), next);
    }

    static Stream<Case> everyStatus() {
        Instant completed = T0.minus(Duration.ofDays(2));
        return Stream.of(
                new Case("a hub of a cohort still validating is Under validation",
                        Facts.newHub(T0).build(), Facts.validatingCohort(T0), NOW,
                        HubStatus.UNDER_VALIDATION,
                        List.of(ReasonCode.VALIDATION_IN_PROGRESS, ReasonCode.NO_INITIAL_SYNC),
                        NextAction.WAIT_FOR_VALIDATION),
                new Case("a hub of a cohort whose automation failed is Under review",
                        Facts.syncedHub(T0).build(),
                        Facts.withReview(Facts.validatedCohort(completed), ReasonCode.INTEGRATION_AUTOMATION_FAILED, completed),
                        NOW, HubStatus.UNDER_REVIEW, List.of(ReasonCode.INTEGRATION_AUTOMATION_FAILED),
                        NextAction.REVALIDATE),
                withOneProblem("a hub whose own automation failed is Under review", completed,
                        ReasonCode.HUB_AUTOMATION_FAILED, HubStatus.UNDER_REVIEW, NextAction.REVALIDATE),
                withOneProblem("a hub with a rejected business ID is Review configuration", completed,
                        ReasonCode.CONFIGURATION_INVALID, HubStatus.REVIEW_CONFIGURATION, NextAction.UPDATE_BUSINESS_ID),
                withOneProblem("a hub whose service account has wrong credentials is Review service account", completed,
                        ReasonCode.SERVICE_ACCOUNT_CREDENTIALS_INVALID, HubStatus.REVIEW_SERVICE_ACCOUNT,
                        NextAction.UPDATE_SERVICE_ACCOUNT_CREDENTIALS),
                withOneProblem("a hub whose service account lacks managed MFA is Review service account", completed,
                        ReasonCode.SERVICE_ACCOUNT_MFA_NOT_MANAGED, HubStatus.REVIEW_SERVICE_ACCOUNT,
                        NextAction.TURN_ON_MANAGED_MFA),
                new Case("a validated hub that never synced Requires sync",
                        Facts.newHub(T0).build(), Facts.validatedCohort(T0), NOW, HubStatus.REQUIRES_SYNC,
                        List.of(ReasonCode.NO_INITIAL_SYNC), NextAction.RUN_SYNC),
                new Case("a hub whose initial sync failed Requires sync, for both reasons",
                        Facts.withFailedLastSync(Facts.newHub(T0), T0.plusSeconds(60), Cause.TRANSIENT).build(),
                        Facts.validatedCohort(T0), NOW, HubStatus.REQUIRES_SYNC,
                        List.of(ReasonCode.NO_INITIAL_SYNC, ReasonCode.LAST_SYNC_FAILED), NextAction.RUN_SYNC),
                new Case("a hub whose last sync failed after a success Requires sync",
                        Facts.withFailedLastSync(Facts.syncedHub(T0), T0.plusSeconds(60), Cause.TRANSIENT).build(),
                        Facts.validatedCohort(completed), NOW, HubStatus.REQUIRES_SYNC,
                        List.of(ReasonCode.LAST_SYNC_FAILED), NextAction.RUN_SYNC),
                new Case("a hub whose last success is over 24 h old Requires sync",
                        Facts.syncedHub(T0).build(), Facts.validatedCohort(completed), T0.plus(Duration.ofHours(30)),
                        HubStatus.REQUIRES_SYNC, List.of(ReasonCode.SYNC_STALE), NextAction.RUN_SYNC),
                new Case("a hub that synced within 24 h with nothing open is Healthy",
                        Facts.syncedHub(T0).build(), Facts.validatedCohort(completed), NOW,
                        HubStatus.HEALTHY, List.of(), NextAction.NONE),
                new Case("a hub without a stored cohort is judged by its own facts",
                        Facts.syncedHub(T0).build(), null, NOW, HubStatus.HEALTHY, List.of(), NextAction.NONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyStatus")
    void everyStatusFollowsFromItsFacts(Case c) {
        // when
        StatusView view = EVALUATOR.evaluate(c.hub(), c.cohort(), c.now());

        // then
        assertEquals(c.status(), view.status());
        assertEquals(c.reasons(), view.reasonCodes());
        assertEquals(c.next(), view.nextAction());
        assertEquals(c.status().mustAct(), view.mustAct());
    }

    /** Facts that open one reason of a status, applied on top of a healthy hub. */
    private record Opener(HubStatus status, ReasonCode reason, UnaryOperator<Hub.Builder> hub,
                          UnaryOperator<ValidationCohort> cohort) {
    }

    private static final List<Opener> OPENERS = List.of(
            new Opener(HubStatus.UNDER_VALIDATION, ReasonCode.VALIDATION_IN_PROGRESS, h -> h,
                    c -> new ValidationCohort(c.workspaceId(), c.app(), c.requestedAt(), null, null,
                            Facts.validatingCohort(c.requestedAt()).run(), c.review(), c.version())),
            new Opener(HubStatus.UNDER_REVIEW, ReasonCode.INTEGRATION_KNOWN_ISSUE, h -> h,
                    c -> Facts.withReview(c, ReasonCode.INTEGRATION_KNOWN_ISSUE, T0)),
            new Opener(HubStatus.REVIEW_CONFIGURATION, ReasonCode.CONFIGURATION_INVALID,
                    h -> Facts.withProblems(h, T0, ReasonCode.CONFIGURATION_INVALID), c -> c),
            new Opener(HubStatus.REVIEW_SERVICE_ACCOUNT, ReasonCode.SERVICE_ACCOUNT_CREDENTIALS_INVALID,
                    h -> Facts.withProblems(h, T0, ReasonCode.SERVICE_ACCOUNT_CREDENTIALS_INVALID), c -> c),
            new Opener(HubStatus.REQUIRES_SYNC, ReasonCode.LAST_SYNC_FAILED,
                    h -> Facts.withFailedLastSync(h, T0.plusSeconds(5), Cause.TRANSIENT), c -> c),
            new Opener(HubStatus.HEALTHY, null, h -> h, c -> c));

    static Stream<Arguments> everyPrecedencePair() {
        List<Arguments> pairs = new ArrayList<>();
        for (int i = 0; i < OPENERS.size(); i++) {
            for (int j = i + 1; j < OPENERS.size(); j++) {
                pairs.add(Arguments.of(OPENERS.get(i).status(), OPENERS.get(j).status()));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} wins over {1}")
    @MethodSource("everyPrecedencePair")
    void theHigherStatusWinsAndBothReasonsAreListed(HubStatus higher, HubStatus lower) {
        // given
        Opener first = opener(higher);
        Opener second = opener(lower);
        Hub hub = second.hub().apply(first.hub().apply(Facts.syncedHub(T0))).build();
        ValidationCohort cohort = second.cohort().apply(first.cohort().apply(Facts.validatedCohort(T0.minusSeconds(3600))));

        // when
        StatusView view = EVALUATOR.evaluate(hub, cohort, NOW);

        // then
        assertEquals(higher, view.status());
        assertTrue(view.reasonCodes().contains(first.reason()), view.reasonCodes().toString());
        if (second.reason() != null) {
            assertTrue(view.reasonCodes().contains(second.reason()), view.reasonCodes().toString());
            assertTrue(view.reasonCodes().indexOf(first.reason()) < view.reasonCodes().indexOf(second.reason()));
        }
        assertEquals(first.reason().nextAction(), view.nextAction());
    }

    @Test
    void thereAreFifteenPrecedencePairs() {
        assertEquals(15, everyPrecedencePair().count());
    }

    private static Opener opener(HubStatus status) {
        return OPENERS.stream().filter(o -> o.status() == status).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("exactly 24 h after the last success the hub is still Healthy, and healthy until that instant")
    void atExactlyTheThresholdTheHubIsStillHealthy() {
        // given
        Hub hub = Facts.syncedHub(T0).build();

        // when
        StatusView view = EVALUATOR.evaluate(hub, Facts.validatedCohort(T0.minus(Duration.ofDays(1))),
                T0.plus(Duration.ofHours(24)));

        // then
        assertEquals(HubStatus.HEALTHY, view.status());
        assertEquals(T0.plus(Duration.ofHours(24)), view.healthyUntil());
    }

    @Test
    @DisplayName("one millisecond after 24 h the hub Requires sync, stale since the threshold")
    void oneMillisecondAfterTheThresholdTheHubRequiresSync() {
        // given
        Hub hub = Facts.syncedHub(T0).recorded(new RecordedStatus(HubStatus.HEALTHY, T0, List.of())).build();

        // when
        StatusView view = EVALUATOR.evaluate(hub, Facts.validatedCohort(T0.minus(Duration.ofDays(1))),
                T0.plus(Duration.ofHours(24)).plusMillis(1));

        // then
        assertEquals(HubStatus.REQUIRES_SYNC, view.status());
        assertEquals(List.of(ReasonCode.SYNC_STALE), view.reasonCodes());
        assertEquals(T0.plus(Duration.ofHours(24)), view.since());
        assertEquals(T0.plus(Duration.ofHours(24)), view.reasons().getFirst().since());
        assertNull(view.healthyUntil());
    }

    @Test
    void aShorterThresholdMakesAHubStaleSooner() {
        // given
        StatusEvaluator sixHours = new StatusEvaluator(StatusPolicy.defaults().withStalenessThreshold(Duration.ofHours(6)));
        Hub hub = Facts.syncedHub(T0).build();
        ValidationCohort cohort = Facts.validatedCohort(T0.minus(Duration.ofDays(1)));

        // when
        StatusView atThreshold = sixHours.evaluate(hub, cohort, T0.plus(Duration.ofHours(6)));
        StatusView after = sixHours.evaluate(hub, cohort, T0.plus(Duration.ofHours(6)).plusMillis(1));
        StatusView withDefaults = EVALUATOR.evaluate(hub, cohort, T0.plus(Duration.ofHours(6)).plusMillis(1));

        // then
        assertEquals(HubStatus.HEALTHY, atThreshold.status());
        assertEquals(T0.plus(Duration.ofHours(6)), atThreshold.healthyUntil());
        assertEquals(HubStatus.REQUIRES_SYNC, after.status());
        assertEquals(HubStatus.HEALTHY, withDefaults.status());
    }

    @Test
    void sinceIsTheRecordedInstantWhileTheStatusIsUnchanged() {
        // given
        Instant recordedAt = T0.plusSeconds(120);
        Hub hub = Facts.syncedHub(T0).recorded(new RecordedStatus(HubStatus.HEALTHY, recordedAt, List.of())).build();

        // when
        StatusView view = EVALUATOR.evaluate(hub, Facts.validatedCohort(T0.minus(Duration.ofDays(1))), NOW);

        // then
        assertEquals(recordedAt, view.since());
    }

    @Test
    void sinceIsTheCohortCompletionWhenTheCohortMovedTheHubBeforeItWasRecorded() {
        // given: recorded Under validation; the cohort then completed without the hub being rewritten
        Instant completedAt = T0.plusSeconds(300);
        Hub hub = Facts.newHub(T0)
                .recorded(new RecordedStatus(HubStatus.UNDER_VALIDATION, T0, List.of(ReasonCode.VALIDATION_IN_PROGRESS)))
                .build();

        // when
        StatusView view = EVALUATOR.evaluate(hub, Facts.validatedCohort(completedAt), NOW);

        // then
        assertEquals(HubStatus.REQUIRES_SYNC, view.status());
        assertEquals(completedAt, view.since());
    }

    @Test
    void aViewShowsTheSyncHistoryAndTheRunningSync() {
        // given
        SyncRun running = new SyncRun("sync-2", SyncTrigger.MANUAL, Facts.OWNER, NOW.minusSeconds(5), NOW.minusSeconds(4),
                NOW.plus(Duration.ofMinutes(10)));
        Hub hub = Facts.syncedHub(T0).syncRun(running).build();

        // when
        StatusView view = EVALUATOR.evaluate(hub, Facts.validatedCohort(T0.minus(Duration.ofDays(1))), NOW);

        // then
        assertEquals(T0, view.lastSuccessAt());
        assertEquals("sync-0", view.lastSyncAttempt().runId());
        assertEquals(running, view.syncRun());
    }

    @Test
    void aSyncWhoseLeaseRanOutIsStillShownUntilTheRetryScheduleAsksForItAgainOrRecordsItFailed() {
        // given
        SyncRun abandoned = new SyncRun("sync-2", SyncTrigger.MANUAL, Facts.OWNER, T0, T0, T0.plus(Duration.ofMinutes(15)));
        Hub hub = Facts.syncedHub(T0).syncRun(abandoned).build();

        // when
        StatusView view = EVALUATOR.evaluate(hub, Facts.validatedCohort(T0.minus(Duration.ofDays(1))), NOW);

        // then
        assertEquals(abandoned, view.syncRun(), "the owner sees the sync until it has an outcome, never nothing");
    }

    @Test
    void everyReasonHasAPlainMessageNamingTheApp() {
        for (ReasonCode code : ReasonCode.values()) {
            String message = code.message(ExternalApp.GOOGLE_ADS);
            assertTrue(message.contains("Google Ads"), code + ": " + message);
            assertTrue(message.endsWith("."), code + ": " + message);
        }
    }
}
