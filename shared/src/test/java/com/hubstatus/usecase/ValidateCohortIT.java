package com.hubstatus.usecase;

import com.hubstatus.events.EventCodec;
import com.hubstatus.status.Decision;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HistoryEntry;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.ReasonCode;
import com.hubstatus.status.StatusView;
import com.hubstatus.status.TransitionCause;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.status.ValidationRun;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static com.hubstatus.testing.TestSystem.MANAGER;
import static com.hubstatus.testing.TestSystem.OWNER;
import static com.hubstatus.testing.TestSystem.operator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestSystemExtension.class)
class ValidateCohortIT {

    /** As run-validation runs it: against the simulated app, at most 300 hubs an invocation. */
    private static ValidateCohort validation(TestSystem system) {
        return system.validateCohort(system.externalApp, 300);
    }

    /** The request for the cohort's run in progress, as a new event. */
    private static DomainEvent.ValidationRequested requestFor(TestSystem system, String workspace, ExternalApp app,
                                                              String eventId) {
        ValidationRun run = system.store.findCohort(workspace, app).orElseThrow().run();
        return new DomainEvent.ValidationRequested(eventId, system.clock.instant(), workspace, app, run.runId(), run.kind());
    }

    @Test
    void aValidationRecordsEachHubsOwnResultWhenTheCohortCompletes(TestSystem system) {
        // given
        String ws = "ws-cohort";
        Hub passes = system.connect(ws, ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");
        Hub wrongId = system.connect(ws, ExternalApp.META_BUSINESS_MANAGER, "9999999999", "sa-marketing");
        Hub noMfa = system.connect(ws, ExternalApp.META_BUSINESS_MANAGER, "1000000002", "sa-no-mfa");
        system.clock.advance(Duration.ofMinutes(2));
        Instant completedAt = system.clock.instant();
        system.bus.clear();
        DomainEvent.ValidationRequested request = requestFor(system, ws, ExternalApp.META_BUSINESS_MANAGER, "evt_cohort_1");

        // when
        ValidateCohort.Result result = validation(system).run(request, TimeBudget.unlimited());

        // then
        assertEquals(ValidateCohort.Outcome.COMPLETED, result.outcome(), result.toString());
        assertEquals(request.runId(), result.runId());
        assertEquals(3, result.checked());
        assertEquals(3, result.settled());
        assertEquals(HubStatus.REQUIRES_SYNC, system.statusOf(ws, passes.hubId()).status());
        StatusView wrong = system.statusOf(ws, wrongId.hubId());
        assertEquals(HubStatus.REVIEW_CONFIGURATION, wrong.status());
        assertEquals(ReasonCode.CONFIGURATION_INVALID, wrong.reasons().getFirst().code());
        assertTrue(wrong.reasons().getFirst().detail().contains("9999999999"));
        assertEquals(HubStatus.REVIEW_SERVICE_ACCOUNT, system.statusOf(ws, noMfa.hubId()).status());
        ValidationCohort after = system.store.findCohort(ws, ExternalApp.META_BUSINESS_MANAGER).orElseThrow();
        assertFalse(after.isValidating());
        assertNull(after.run(), "the run is finished");
        HistoryEntry history = system.store.history(ws, wrongId.hubId(), Optional.empty(), 10).items().getFirst();
        assertEquals(HubStatus.UNDER_VALIDATION, history.from());
        assertEquals(HubStatus.REVIEW_CONFIGURATION, history.to());
        assertEquals(TransitionCause.VALIDATION_COMPLETED, history.cause());
        assertEquals(completedAt, history.at());
        assertEquals(3, system.published(EventCodec.HUB_STATUS_CHANGED).size());

        // and the same request delivered again changes nothing: the run it asks for is over
        assertEquals(ValidateCohort.Outcome.STALE, validation(system).run(request, TimeBudget.unlimited()).outcome());
    }

    @Test
    void aFailedAutomationPutsTheCohortUnderReviewUntilAnOperatorRevalidatesOnceItIsFixed(TestSystem system) {
        // given
        String ws = "ws-review";
        Hub a = system.connect(ws, ExternalApp.TIKTOK_BUSINESS_CENTER, "5000000001", "sa-marketing");
        Hub b = system.connect(ws, ExternalApp.TIKTOK_BUSINESS_CENTER, "5000000002", "sa-marketing");

        // when
        system.deliverValidations(validation(system));

        // then
        for (Hub hub : List.of(a, b)) {
            StatusView view = system.statusOf(ws, hub.hubId());
            assertEquals(HubStatus.UNDER_REVIEW, view.status());
            assertEquals(ReasonCode.INTEGRATION_AUTOMATION_FAILED, view.reasons().getFirst().code());
            assertEquals("The login page changed; the automation could not sign in.", view.reasons().getFirst().detail());
        }

        // when: the automation is fixed and an operator re-validates
        system.setAutomation(ExternalApp.TIKTOK_BUSINESS_CENTER, "works");
        system.requestRevalidation().request(operator(ws), ExternalApp.TIKTOK_BUSINESS_CENTER.id());
        system.deliverValidations(validation(system));

        // then
        assertEquals(HubStatus.REQUIRES_SYNC, system.statusOf(ws, a.hubId()).status());
        assertEquals(HubStatus.REQUIRES_SYNC, system.statusOf(ws, b.hubId()).status());
        assertNull(system.store.findCohort(ws, ExternalApp.TIKTOK_BUSINESS_CENTER).orElseThrow().review());
    }

    /**
     * Adds hubs to a cohort still validating, writing only each hub (a fixture shortcut: connecting
     * also rewrites the cohort and publishes, which this test does not exercise), eight at a time.
     */
    private static void seedCohortMembers(TestSystem system, String workspace, ExternalApp app, int count) {
        ValidationCohort cohort = system.store.findCohort(workspace, app).orElseThrow();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 1; i <= count; i++) {
                String businessId = String.format("7%09d", i);
                pool.submit(() -> {
                    Instant now = system.clock.instant();
                    Hub hub = system.transitions.connect(new HubTransitions.NewHub(workspace, app, "Hub " + businessId,
                            businessId, "sa-marketing", OWNER, Set.of(MANAGER)), cohort, now).hub().orElseThrow();
                    system.store.save(Decision.ofHub(hub, List.of(), List.of()), now);
                });
            }
        }
    }

    @Test
    void aCohortOfAThousandHubsCompletesAcrossInvocationsWithoutTimingOut(TestSystem system) {
        // given
        String ws = "ws-thousand";
        system.connect(ws, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "7000000000", "sa-marketing");
        seedCohortMembers(system, ws, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, 999);

        // when
        long started = System.nanoTime();
        List<ValidateCohort.Result> invocations = system.deliverValidations(validation(system));
        long millis = (System.nanoTime() - started) / 1_000_000;

        // then
        System.out.printf("validation of a 1,000-hub cohort: %d invocations (at most 300 hubs each), %d ms in all%n",
                invocations.size(), millis);
        assertTrue(invocations.size() >= 4, "the run handed itself on instead of doing everything in one invocation");
        List<Hub> hubs = new ArrayList<>();
        String cursor = null;
        do {
            var page = system.store.listCohortHubs(ws, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, Optional.ofNullable(cursor),
                    500, Optional.empty());
            hubs.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(1000, hubs.size());
        assertTrue(hubs.stream().allMatch(h -> h.recorded().status() == HubStatus.REQUIRES_SYNC));
        assertNull(system.store.findCohort(ws, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER).orElseThrow().run());
    }

    @Test
    void aHubConnectedWhileTheRunIsUnderWayIsCheckedByIt(TestSystem system) {
        // given: a run that hands itself on after its first invocation
        String ws = "ws-late";
        ValidateCohort small = system.validateCohort(system.externalApp, 25);
        for (int i = 0; i < 30; i++) {
            system.connect(ws, ExternalApp.GOOGLE_ADS, "2000000001", "sa-marketing");
        }
        DomainEvent.ValidationRequested first = system.published(DomainEvent.ValidationRequested.class).getFirst();
        system.bus.clear();
        assertEquals(ValidateCohort.Outcome.CONTINUED, small.run(first, TimeBudget.unlimited()).outcome());

        // when: a hub joins before the run completes
        Hub late = system.connect(ws, ExternalApp.GOOGLE_ADS, "2999999999", "sa-marketing");
        assertEquals(HubStatus.UNDER_VALIDATION, system.statusOf(ws, late.hubId()).status());
        List<ValidateCohort.Outcome> outcomes = system.deliverValidations(small).stream()
                .map(ValidateCohort.Result::outcome).toList();

        // then
        assertEquals(ValidateCohort.Outcome.COMPLETED, outcomes.getLast(), outcomes.toString());
        assertEquals(HubStatus.REVIEW_CONFIGURATION, system.statusOf(ws, late.hubId()).status(), "the late hub was checked");
    }

    @Test
    void aRequestForARunThatIsNotTheCohortsWritesNothing(TestSystem system) {
        // given
        int items = system.itemCount();

        // when
        ValidateCohort.Result result = validation(system).run(new DomainEvent.ValidationRequested("evt_unknown_run",
                system.clock.instant(), "ws-no-run", ExternalApp.META_BUSINESS_MANAGER, "val_NOTTHERE",
                ValidationRun.Kind.INITIAL), TimeBudget.unlimited());

        // then
        assertEquals(ValidateCohort.Outcome.STALE, result.outcome());
        assertEquals(items, system.itemCount(), "a run is its own record of what was done: no marker is needed");
    }
}
