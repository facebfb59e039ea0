package com.hubstatus.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.events.EventCodec;
import com.hubstatus.json.Json;
import com.hubstatus.status.Decision;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.ReasonCode;
import com.hubstatus.status.StatusView;
import com.hubstatus.status.TransitionCause;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import com.hubstatus.testing.LambdaEvents;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import com.hubstatus.usecase.Caller;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static com.hubstatus.testing.LambdaEvents.delivery;
import static com.hubstatus.testing.LambdaEvents.invoke;
import static com.hubstatus.testing.LambdaEvents.raw;
import static com.hubstatus.testing.TestSystem.MANAGER;
import static com.hubstatus.testing.TestSystem.OPERATOR;
import static com.hubstatus.testing.TestSystem.OWNER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestSystemExtension.class)
class RunValidationHandlerIT {

    private static TestSystem system;
    private static RunValidationHandler handler;
    private static String defaultFixtures;

    @BeforeAll
    static void start(TestSystem started) throws Exception {
        system = started;
        handler = new RunValidationHandler(system.validateCohort(system.externalApp, 300),
                system.checkHub(system.externalApp), system.retryDueWork());
        defaultFixtures = Files.readString(system.fixtures);
    }


    @BeforeEach
    void reset() {
        system.bus.clear();
        system.writeFixtures(defaultFixtures);
    }

    private static Hub connect(String workspace, ExternalApp app, String businessId, String serviceAccount) {
        return system.connect(workspace, app, businessId, serviceAccount);
    }

    /**
     * Adds hubs to a cohort still validating, as connect-hub would, writing only each hub (a
     * fixture shortcut: connect-hub also rewrites the cohort and publishes, which this test does
     * not exercise), eight at a time.
     */
    private static void seedCohortMembers(String workspace, ExternalApp app, int count) {
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

    private static StatusView view(String workspace, String hubId) {
        var found = system.store.findHubWithCohort(workspace, hubId).orElseThrow();
        return system.transitions.evaluator().evaluate(found.hub(), found.cohort(), system.clock.instant());
    }

    /** Delivers every pending hand-off of {@code detailType} once, as EventBridge would; returns the answers. */
    private static List<JsonNode> deliverAll(String detailType) {
        List<BusEvent> pending = system.published(detailType);
        system.bus.clear();
        List<JsonNode> answers = new ArrayList<>();
        for (BusEvent event : pending) {
            answers.add(invoke(handler, delivery(event)));
        }
        return answers;
    }

    /** Delivers validation hand-offs, including the ones a run hands on to itself, until none is left. */
    private static int runValidationToTheEnd() {
        int invocations = 0;
        List<BusEvent> pending = system.published(EventCodec.VALIDATION_REQUESTED);
        while (!pending.isEmpty()) {
            system.bus.clear();
            for (BusEvent event : pending) {
                invoke(handler, delivery(event));
                invocations++;
            }
            pending = system.published(EventCodec.VALIDATION_REQUESTED);
        }
        return invocations;
    }

    @Test
    void aCohortValidationRecordsEachHubsOwnResultWhenItCompletes() {
        // given
        String ws = "ws-cohort";
        Hub passes = connect(ws, ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");
        Hub wrongId = connect(ws, ExternalApp.META_BUSINESS_MANAGER, "9999999999", "sa-marketing");
        Hub noMfa = connect(ws, ExternalApp.META_BUSINESS_MANAGER, "1000000002", "sa-no-mfa");
        system.clock.advance(Duration.ofMinutes(2));
        Instant completedAt = system.clock.instant();
        system.bus.clear();

        // when: the sample event, pointed at this cohort's run
        ValidationCohort before = system.store.findCohort(ws, ExternalApp.META_BUSINESS_MANAGER).orElseThrow();
        JsonNode answer = invoke(handler, LambdaEvents.busEvent("RunValidationFunction/ValidationRequested.json",
                Map.of("workspaceId", ws, "runId", before.run().runId(), "eventId", "evt_cohort_1")));

        // then
        assertEquals("COMPLETED", answer.get("outcome").asText(), answer.toString());
        assertEquals(3, answer.get("checked").asInt());
        assertEquals(HubStatus.REQUIRES_SYNC, view(ws, passes.hubId()).status());
        assertEquals(HubStatus.REVIEW_CONFIGURATION, view(ws, wrongId.hubId()).status());
        assertEquals(ReasonCode.CONFIGURATION_INVALID, view(ws, wrongId.hubId()).reasons().getFirst().code());
        assertTrue(view(ws, wrongId.hubId()).reasons().getFirst().detail().contains("9999999999"));
        assertEquals(HubStatus.REVIEW_SERVICE_ACCOUNT, view(ws, noMfa.hubId()).status());
        ValidationCohort after = system.store.findCohort(ws, ExternalApp.META_BUSINESS_MANAGER).orElseThrow();
        assertFalse(after.isValidating());
        assertNull(after.run(), "the run is finished");
        var history = system.store.history(ws, wrongId.hubId(), Optional.empty(), 10).items().getFirst();
        assertEquals(HubStatus.UNDER_VALIDATION, history.from());
        assertEquals(HubStatus.REVIEW_CONFIGURATION, history.to());
        assertEquals(TransitionCause.VALIDATION_COMPLETED, history.cause());
        assertEquals(completedAt, history.at());
        assertEquals(3, system.published(EventCodec.HUB_STATUS_CHANGED).size());

        // and delivering the same event again changes nothing
        assertEquals("DUPLICATE", invoke(handler, LambdaEvents.busEvent("RunValidationFunction/ValidationRequested.json",
                Map.of("workspaceId", ws, "runId", before.run().runId(), "eventId", "evt_cohort_1"))).get("outcome").asText());
    }

    @Test
    void aFailedAutomationPutsTheCohortUnderReviewUntilAnOperatorRevalidatesOnceItIsFixed() {
        // given
        String ws = "ws-review";
        Hub a = connect(ws, ExternalApp.TIKTOK_BUSINESS_CENTER, "5000000001", "sa-marketing");
        Hub b = connect(ws, ExternalApp.TIKTOK_BUSINESS_CENTER, "5000000002", "sa-marketing");

        // when
        runValidationToTheEnd();

        // then
        for (Hub hub : List.of(a, b)) {
            StatusView v = view(ws, hub.hubId());
            assertEquals(HubStatus.UNDER_REVIEW, v.status());
            assertEquals(ReasonCode.INTEGRATION_AUTOMATION_FAILED, v.reasons().getFirst().code());
            assertEquals("The login page changed; the automation could not sign in.", v.reasons().getFirst().detail());
        }

        // when: the automation is fixed and an operator re-validates
        system.writeFixtures(fixturesWith("tiktok-business-center", "works"));
        system.requestRevalidation().request(new Caller(OPERATOR, ws, Set.of("hubstatus-operators"), true),
                ExternalApp.TIKTOK_BUSINESS_CENTER.id());
        runValidationToTheEnd();

        // then
        assertEquals(HubStatus.REQUIRES_SYNC, view(ws, a.hubId()).status());
        assertEquals(HubStatus.REQUIRES_SYNC, view(ws, b.hubId()).status());
        assertNull(system.store.findCohort(ws, ExternalApp.TIKTOK_BUSINESS_CENTER).orElseThrow().review());
    }

    @Test
    void aCohortOfAThousandHubsCompletesAcrossInvocationsWithoutTimingOut() {
        // given
        String ws = "ws-thousand";
        connect(ws, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "7000000000", "sa-marketing");
        seedCohortMembers(ws, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, 999);

        // when
        long started = System.nanoTime();
        int invocations = runValidationToTheEnd();
        long millis = (System.nanoTime() - started) / 1_000_000;

        // then
        System.out.printf("validation of a 1,000-hub cohort: %d invocations (at most 300 hubs each), %d ms in all%n",
                invocations, millis);
        assertTrue(invocations >= 4, "the run handed itself on instead of doing everything in one invocation");
        List<Hub> hubs = new ArrayList<>();
        String cursor = null;
        do {
            var page = system.store.listCohortHubs(ws, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, Optional.ofNullable(cursor), 500, Optional.empty());
            hubs.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(1000, hubs.size());
        assertTrue(hubs.stream().allMatch(h -> h.recorded().status() == HubStatus.REQUIRES_SYNC));
        assertNull(system.store.findCohort(ws, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER).orElseThrow().run());
    }

    @Test
    void aHubConnectedWhileTheRunIsUnderWayIsCheckedByIt() {
        // given: a run that hands itself on after its first invocation
        String ws = "ws-late";
        RunValidationHandler small = new RunValidationHandler(system.validateCohort(system.externalApp, 25),
                system.checkHub(system.externalApp), system.retryDueWork());
        for (int i = 0; i < 30; i++) {
            connect(ws, ExternalApp.GOOGLE_ADS, "2000000001", "sa-marketing");
        }
        BusEvent first = system.published(EventCodec.VALIDATION_REQUESTED).getFirst();
        system.bus.clear();
        assertEquals("CONTINUED", invoke(small, delivery(first)).get("outcome").asText());

        // when: a hub joins before the run completes
        Hub late = connect(ws, ExternalApp.GOOGLE_ADS, "2999999999", "sa-marketing");
        assertEquals(HubStatus.UNDER_VALIDATION, view(ws, late.hubId()).status());
        List<String> outcomes = new ArrayList<>();
        List<BusEvent> pending = system.published(EventCodec.VALIDATION_REQUESTED);
        while (!pending.isEmpty()) {
            system.bus.clear();
            for (BusEvent next : pending) {
                outcomes.add(invoke(small, delivery(next)).get("outcome").asText());
            }
            pending = system.published(EventCodec.VALIDATION_REQUESTED);
        }

        // then
        assertEquals("COMPLETED", outcomes.getLast(), outcomes.toString());
        assertEquals(HubStatus.REVIEW_CONFIGURATION, view(ws, late.hubId()).status(), "the late hub was checked");
    }

    @Test
    void aHubConnectedAfterValidationGetsItsOwnCheckAndAFixIsCheckedAgain() {
        // given
        String ws = "ws-check";
        connect(ws, ExternalApp.GOOGLE_ADS, "2000000001", "sa-marketing");
        runValidationToTheEnd();
        Hub later = connect(ws, ExternalApp.GOOGLE_ADS, "2000000099", "sa-marketing");

        // when
        List<JsonNode> answers = deliverAll(EventCodec.CHECK_REQUESTED);

        // then
        assertEquals("FAILED", answers.getFirst().get("outcome").asText());
        assertEquals(HubStatus.REVIEW_CONFIGURATION, view(ws, later.hubId()).status());

        // when: the owner fixes the business ID
        system.changeHub().change(TestSystem.user(OWNER, ws), later.hubId(), new HubTransitions.HubChange(
                Optional.empty(), Optional.of("2000000002"), Optional.empty(), Optional.empty(), Optional.empty()));
        assertEquals(HubStatus.REVIEW_CONFIGURATION, view(ws, later.hubId()).status(), "until the check passes");
        BusEvent recheckEvent = system.published(EventCodec.CHECK_REQUESTED).getFirst();
        List<JsonNode> recheck = deliverAll(EventCodec.CHECK_REQUESTED);

        // then
        assertEquals("PASSED", recheck.getFirst().get("outcome").asText());
        assertEquals(HubStatus.REQUIRES_SYNC, view(ws, later.hubId()).status());
        assertEquals("DUPLICATE", invoke(handler, delivery(recheckEvent)).get("outcome").asText(),
                "the same event delivered again is a no-op");
    }

    /** The default fixtures with one app's automation set to {@code automation}. */
    private static String fixturesWith(String app, String automation) {
        try {
            var root = (ObjectNode) Json.mapper().readTree(defaultFixtures);
            ((ObjectNode) root.get("apps").get(app)).put("automation", automation);
            return root.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anInconclusiveCheckIsAskedForAgainByTheRetrySchedule() {
        // given: the app's automation is unavailable
        String ws = "ws-retry";
        connect(ws, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "3000000001", "sa-marketing");
        runValidationToTheEnd();
        system.writeFixtures(fixturesWith("linkedin-campaign-manager", "unavailable"));
        Hub hub = connect(ws, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "3000000002", "sa-marketing");

        // when
        List<JsonNode> first = deliverAll(EventCodec.CHECK_REQUESTED);

        // then
        assertEquals("INCONCLUSIVE", first.getFirst().get("outcome").asText());
        assertEquals(1, system.store.findHub(ws, hub.hubId()).orElseThrow().check().attempts());

        // when: the automation is back and the retry time has passed
        system.writeFixtures(defaultFixtures);
        JsonNode early = invoke(handler, LambdaEvents.busEvent("RunValidationFunction/ValidationRetry.json", Map.of()));
        system.clock.advance(Duration.ofMinutes(31));
        JsonNode retry = invoke(handler, LambdaEvents.busEvent("RunValidationFunction/ValidationRetry.json", Map.of()));
        List<JsonNode> second = deliverAll(EventCodec.CHECK_REQUESTED);

        // then
        assertEquals(0, early.get("checksAskedAgain").asInt());
        assertTrue(retry.get("checksAskedAgain").asInt() >= 1);
        assertEquals("PASSED", second.getFirst().get("outcome").asText());
        assertNull(system.store.findHub(ws, hub.hubId()).orElseThrow().check());
    }

    @Test
    void aValidationThatNeverRanIsAskedForAgainAfterItsRetryTime() {
        // given: the hand-off was lost
        String ws = "ws-lost";
        Hub hub = connect(ws, ExternalApp.META_BUSINESS_MANAGER, "1000000003", "sa-marketing");
        system.bus.clear();

        // when
        system.clock.advance(Duration.ofMinutes(16));
        invoke(handler, LambdaEvents.busEvent("RunValidationFunction/ValidationRetry.json", Map.of()));
        int invocations = runValidationToTheEnd();

        // then
        assertTrue(invocations >= 1);
        assertEquals(HubStatus.REQUIRES_SYNC, view(ws, hub.hubId()).status());
    }

    @Test
    void aRequestForAnUnknownOrFinishedRunChangesNothingAndMalformedEventsAreDropped() {
        // given
        long items = system.allItems().size();

        // when / then
        assertEquals("STALE", invoke(handler, LambdaEvents.busEvent("RunValidationFunction/ValidationRequested.json",
                Map.of("eventId", "evt_unknown_run"))).get("outcome").asText());
        assertEquals("HUB_GONE", invoke(handler, LambdaEvents.busEvent("RunValidationFunction/CheckRequested.json",
                Map.of())).get("outcome").asText());
        assertEquals("DROPPED", invoke(handler, LambdaEvents.busEvent("RunValidationFunction/ValidationRequested.json",
                Map.of("app", "myspace"))).get("outcome").asText());
        assertEquals("DROPPED", invoke(handler, LambdaEvents.busEvent("RunSyncFunction/SyncRequested.json",
                Map.of())).get("outcome").asText());
        assertEquals("DROPPED", invoke(handler, raw("{\"detail-type\": \"Check Requested\", \"source\": \"hubstatus\", \"detail\": []}")).get("outcome").asText());
        assertEquals(items + 1, system.allItems().size(), "only the claimed marker of the stale request");
    }
}
