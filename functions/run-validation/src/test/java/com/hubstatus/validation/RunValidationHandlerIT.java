package com.hubstatus.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.events.EventCodec;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.ReasonCode;
import com.hubstatus.status.StatusView;
import com.hubstatus.status.TransitionCause;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.testbed.events.BusEvent;
import com.hubstatus.testing.FunctionTestbed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.hubstatus.testing.FunctionTestbed.MANAGER;
import static com.hubstatus.testing.FunctionTestbed.OPERATOR;
import static com.hubstatus.testing.FunctionTestbed.OWNER;
import static com.hubstatus.testing.FunctionTestbed.delivery;
import static com.hubstatus.testing.FunctionTestbed.invoke;
import static com.hubstatus.testing.FunctionTestbed.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@org.junit.jupiter.api.extension.ExtendWith(com.hubstatus.testing.DynamoDbBackend.class)
class RunValidationHandlerIT {

    private static FunctionTestbed testbed;
    private static RunValidationHandler handler;
    private static String defaultFixtures;

    @BeforeAll
    static void start() throws Exception {
        testbed = FunctionTestbed.start();
        handler = new RunValidationHandler(testbed.recorder, testbed.transitions, testbed.externalApp, 300);
        defaultFixtures = java.nio.file.Files.readString(testbed.fixtures);
    }

    @AfterAll
    static void stop() {
        if (testbed != null) {
            testbed.close();
        }
    }

    @BeforeEach
    void reset() {
        testbed.bus.clear();
        testbed.writeFixtures(defaultFixtures);
    }

    private static Hub connect(String workspace, ExternalApp app, String businessId, String serviceAccount) {
        Instant now = testbed.clock.instant();
        ValidationCohort cohort = testbed.store.findCohort(workspace, app).orElse(null);
        return testbed.recorder.record(testbed.transitions.connect(new HubTransitions.NewHub(workspace, app,
                "Hub " + businessId, businessId, serviceAccount, OWNER, Set.of(MANAGER)), cohort, now), null, now).saved().hub();
    }

    /**
     * Adds hubs to a cohort still validating, as connect-hub would, writing only each hub (a
     * fixture shortcut: connect-hub also rewrites the cohort and publishes, which this test does
     * not exercise), eight at a time.
     */
    private static void seedCohortMembers(String workspace, ExternalApp app, int count) {
        ValidationCohort cohort = testbed.store.findCohort(workspace, app).orElseThrow();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 1; i <= count; i++) {
                String businessId = String.format("7%09d", i);
                pool.submit(() -> {
                    Instant now = testbed.clock.instant();
                    Hub hub = testbed.transitions.connect(new HubTransitions.NewHub(workspace, app, "Hub " + businessId,
                            businessId, "sa-marketing", OWNER, Set.of(MANAGER)), cohort, now).hub();
                    testbed.store.save(com.hubstatus.status.Decision.ofHub(hub, List.of(), List.of()), null, now);
                });
            }
        }
    }

    private static StatusView view(String workspace, String hubId) {
        var found = testbed.store.findHubWithCohort(workspace, hubId).orElseThrow();
        return testbed.transitions.evaluator().evaluate(found.hub(), found.cohort(), testbed.clock.instant());
    }

    /** Delivers every pending hand-off of {@code detailType} once, as EventBridge would; returns the answers. */
    private static List<JsonNode> deliverAll(String detailType) {
        List<BusEvent> pending = testbed.published(detailType);
        testbed.bus.clear();
        List<JsonNode> answers = new ArrayList<>();
        for (BusEvent event : pending) {
            answers.add(invoke(handler, delivery(event)));
        }
        return answers;
    }

    /** Delivers validation hand-offs, including the ones a run hands on to itself, until none is left. */
    private static int runValidationToTheEnd() {
        int invocations = 0;
        List<BusEvent> pending = testbed.published(EventCodec.VALIDATION_REQUESTED);
        while (!pending.isEmpty()) {
            testbed.bus.clear();
            for (BusEvent event : pending) {
                invoke(handler, delivery(event));
                invocations++;
            }
            pending = testbed.published(EventCodec.VALIDATION_REQUESTED);
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
        testbed.clock.advance(Duration.ofMinutes(2));
        Instant completedAt = testbed.clock.instant();
        testbed.bus.clear();

        // when: the sample event, pointed at this cohort's run
        ValidationCohort before = testbed.store.findCohort(ws, ExternalApp.META_BUSINESS_MANAGER).orElseThrow();
        JsonNode answer = invoke(handler, FunctionTestbed.busEvent("RunValidationFunction/ValidationRequested.json",
                Map.of("workspaceId", ws, "runId", before.run().runId(), "eventId", "evt_cohort_1")));

        // then
        assertEquals("COMPLETED", answer.get("outcome").asText(), answer.toString());
        assertEquals(3, answer.get("checked").asInt());
        assertEquals(HubStatus.REQUIRES_SYNC, view(ws, passes.hubId()).status());
        assertEquals(HubStatus.REVIEW_CONFIGURATION, view(ws, wrongId.hubId()).status());
        assertEquals(ReasonCode.CONFIGURATION_INVALID, view(ws, wrongId.hubId()).reasons().getFirst().code());
        assertTrue(view(ws, wrongId.hubId()).reasons().getFirst().detail().contains("9999999999"));
        assertEquals(HubStatus.REVIEW_SERVICE_ACCOUNT, view(ws, noMfa.hubId()).status());
        ValidationCohort after = testbed.store.findCohort(ws, ExternalApp.META_BUSINESS_MANAGER).orElseThrow();
        assertFalse(after.isValidating());
        assertNull(after.run(), "the run is finished");
        var history = testbed.store.history(ws, wrongId.hubId(), null, 10).items().getFirst();
        assertEquals(HubStatus.UNDER_VALIDATION, history.from());
        assertEquals(HubStatus.REVIEW_CONFIGURATION, history.to());
        assertEquals(TransitionCause.VALIDATION_COMPLETED, history.cause());
        assertEquals(completedAt, history.at());
        assertEquals(3, testbed.published(EventCodec.HUB_STATUS_CHANGED).size());

        // and delivering the same event again changes nothing
        assertEquals("DUPLICATE", invoke(handler, FunctionTestbed.busEvent("RunValidationFunction/ValidationRequested.json",
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
        testbed.writeFixtures(fixturesWith("tiktok-business-center", "works"));
        ValidationCohort cohort = testbed.store.findCohort(ws, ExternalApp.TIKTOK_BUSINESS_CENTER).orElseThrow();
        testbed.recorder.record(testbed.transitions.requestRevalidation(cohort, OPERATOR, testbed.clock.instant()), null,
                testbed.clock.instant());
        runValidationToTheEnd();

        // then
        assertEquals(HubStatus.REQUIRES_SYNC, view(ws, a.hubId()).status());
        assertEquals(HubStatus.REQUIRES_SYNC, view(ws, b.hubId()).status());
        assertNull(testbed.store.findCohort(ws, ExternalApp.TIKTOK_BUSINESS_CENTER).orElseThrow().review());
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
            var page = testbed.store.listCohortHubs(ws, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, cursor, 500, null);
            hubs.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(1000, hubs.size());
        assertTrue(hubs.stream().allMatch(h -> h.recorded().status() == HubStatus.REQUIRES_SYNC));
        assertNull(testbed.store.findCohort(ws, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER).orElseThrow().run());
    }

    @Test
    void aHubConnectedWhileTheRunIsUnderWayIsCheckedByIt() {
        // given: a run that hands itself on after its first invocation
        String ws = "ws-late";
        RunValidationHandler small = new RunValidationHandler(testbed.recorder, testbed.transitions, testbed.externalApp, 25);
        for (int i = 0; i < 30; i++) {
            connect(ws, ExternalApp.GOOGLE_ADS, "2000000001", "sa-marketing");
        }
        BusEvent first = testbed.published(EventCodec.VALIDATION_REQUESTED).getFirst();
        testbed.bus.clear();
        assertEquals("CONTINUED", invoke(small, delivery(first)).get("outcome").asText());

        // when: a hub joins before the run completes
        Hub late = connect(ws, ExternalApp.GOOGLE_ADS, "2999999999", "sa-marketing");
        assertEquals(HubStatus.UNDER_VALIDATION, view(ws, late.hubId()).status());
        List<String> outcomes = new ArrayList<>();
        List<BusEvent> pending = testbed.published(EventCodec.VALIDATION_REQUESTED);
        while (!pending.isEmpty()) {
            testbed.bus.clear();
            for (BusEvent next : pending) {
                outcomes.add(invoke(small, delivery(next)).get("outcome").asText());
            }
            pending = testbed.published(EventCodec.VALIDATION_REQUESTED);
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
        testbed.recorder.onHub(ws, later.hubId(), null, (c, now) -> testbed.transitions.change(c.hub(), c.cohort(),
                new HubTransitions.HubChange(null, "2000000002", null, null, null), now));
        assertEquals(HubStatus.REVIEW_CONFIGURATION, view(ws, later.hubId()).status(), "until the check passes");
        BusEvent recheckEvent = testbed.published(EventCodec.CHECK_REQUESTED).getFirst();
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
            var root = (com.fasterxml.jackson.databind.node.ObjectNode) com.hubstatus.json.Json.mapper().readTree(defaultFixtures);
            ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("apps").get(app)).put("automation", automation);
            return root.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anInconclusiveCheckIsAskedForAgainByTheRetrySchedule() {
        // given: the app's automation is unavailable
        String ws = "ws-retry";
        connect(ws, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "3000000001", "sa-marketing");
        runValidationToTheEnd();
        testbed.writeFixtures(fixturesWith("linkedin-campaign-manager", "unavailable"));
        Hub hub = connect(ws, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "3000000002", "sa-marketing");

        // when
        List<JsonNode> first = deliverAll(EventCodec.CHECK_REQUESTED);

        // then
        assertEquals("INCONCLUSIVE", first.getFirst().get("outcome").asText());
        assertEquals(1, testbed.store.findHub(ws, hub.hubId()).orElseThrow().check().attempts());

        // when: the automation is back and the retry time has passed
        testbed.writeFixtures(defaultFixtures);
        JsonNode early = invoke(handler, FunctionTestbed.busEvent("RunValidationFunction/ValidationRetry.json", Map.of()));
        testbed.clock.advance(Duration.ofMinutes(31));
        JsonNode retry = invoke(handler, FunctionTestbed.busEvent("RunValidationFunction/ValidationRetry.json", Map.of()));
        List<JsonNode> second = deliverAll(EventCodec.CHECK_REQUESTED);

        // then
        assertEquals(0, early.get("checksAskedAgain").asInt());
        assertTrue(retry.get("checksAskedAgain").asInt() >= 1);
        assertEquals("PASSED", second.getFirst().get("outcome").asText());
        assertNull(testbed.store.findHub(ws, hub.hubId()).orElseThrow().check());
    }

    @Test
    void aValidationThatNeverRanIsAskedForAgainAfterItsRetryTime() {
        // given: the hand-off was lost
        String ws = "ws-lost";
        Hub hub = connect(ws, ExternalApp.META_BUSINESS_MANAGER, "1000000003", "sa-marketing");
        testbed.bus.clear();

        // when
        testbed.clock.advance(Duration.ofMinutes(16));
        invoke(handler, FunctionTestbed.busEvent("RunValidationFunction/ValidationRetry.json", Map.of()));
        int invocations = runValidationToTheEnd();

        // then
        assertTrue(invocations >= 1);
        assertEquals(HubStatus.REQUIRES_SYNC, view(ws, hub.hubId()).status());
    }

    @Test
    void aRequestForAnUnknownOrFinishedRunChangesNothingAndMalformedEventsAreDropped() {
        // given
        long items = testbed.allItems().size();

        // when / then
        assertEquals("STALE", invoke(handler, FunctionTestbed.busEvent("RunValidationFunction/ValidationRequested.json",
                Map.of("eventId", "evt_unknown_run"))).get("outcome").asText());
        assertEquals("HUB_GONE", invoke(handler, FunctionTestbed.busEvent("RunValidationFunction/CheckRequested.json",
                Map.of())).get("outcome").asText());
        assertEquals("DROPPED", invoke(handler, FunctionTestbed.busEvent("RunValidationFunction/ValidationRequested.json",
                Map.of("app", "myspace"))).get("outcome").asText());
        assertEquals("DROPPED", invoke(handler, FunctionTestbed.busEvent("RunSyncFunction/SyncRequested.json",
                Map.of())).get("outcome").asText());
        assertEquals("DROPPED", invoke(handler, raw("{\"detail-type\": \"Check Requested\", \"source\": \"hubstatus\", \"detail\": []}")).get("outcome").asText());
        assertEquals(items + 1, testbed.allItems().size(), "only the claimed marker of the stale request");
    }
}
