package com.hubstatus.read;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import com.hubstatus.usecase.ConnectHub;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.hubstatus.testing.LambdaEvents.as;
import static com.hubstatus.testing.LambdaEvents.body;
import static com.hubstatus.testing.LambdaEvents.httpEvent;
import static com.hubstatus.testing.LambdaEvents.withHubId;
import static com.hubstatus.testing.TestSystem.MANAGER;
import static com.hubstatus.testing.TestSystem.OWNER;
import static com.hubstatus.testing.TestSystem.STRANGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestSystemExtension.class)
class ReadStatusHandlerIT {

    private static TestSystem system;
    private static ReadStatusHandler handler;

    @BeforeAll
    static void start(TestSystem started) {
        system = started;
        handler = new ReadStatusHandler(system.listHubs(), system.readHub(), system.listReviews(), system.identities);
    }


    /** Connects a hub through the transitions and the store, as connect-hub does. */
    private static Hub connect(String workspace, ExternalApp app, String businessId) {
        return system.connect(workspace, app, businessId, "sa-marketing");
    }

    private static void completeValidation(String workspace, ExternalApp app) {
        system.completeValidation(workspace, app);
    }

    private static void syncSuccessfully(String workspace, String hubId) {
        system.syncSuccessfully(workspace, hubId);
    }

    private static APIGatewayV2HTTPResponse get(String file, String user, String workspace, String hubId, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = as(httpEvent(file), user, workspace, "[]");
        if (hubId != null) {
            withHubId(event, hubId);
        }
        event.setQueryStringParameters(query);
        return handler.handleRequest(event, null);
    }

    @Test
    void aHealthyHubIsShownWithItsSyncsAndWhenItWillRequireASync() {
        // given
        String workspace = "ws-one";
        Hub hub = connect(workspace, ExternalApp.META_BUSINESS_MANAGER, "1000000001");
        completeValidation(workspace, ExternalApp.META_BUSINESS_MANAGER);
        system.clock.advance(Duration.ofMinutes(5));
        syncSuccessfully(workspace, hub.hubId());
        Instant syncedAt = system.clock.instant();

        // when
        APIGatewayV2HTTPResponse response = get("ReadStatusFunction/GetHub.json", OWNER, workspace, hub.hubId(), null);

        // then
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode view = body(response);
        assertEquals("HEALTHY", view.at("/status/code").asText());
        assertEquals("Healthy", view.at("/status/label").asText());
        assertEquals("NOBODY", view.at("/status/mustAct").asText());
        assertEquals("NONE", view.at("/status/nextAction/code").asText());
        assertEquals(0, view.at("/status/reasons").size());
        assertEquals(syncedAt.toString(), view.at("/status/since").asText());
        assertEquals(syncedAt.plus(Duration.ofHours(24)).toString(), view.at("/status/healthyUntil").asText());
        assertEquals("SUCCEEDED", view.at("/sync/lastAttempt/outcome").asText());
        assertEquals(syncedAt.toString(), view.at("/sync/lastSuccessAt").asText());
        assertEquals("OWNER", view.get("role").asText());
    }

    @Test
    void stalenessShowsAtTheMomentOfTheReadWithoutTheSweep() {
        // given
        String workspace = "ws-stale";
        Hub hub = connect(workspace, ExternalApp.GOOGLE_ADS, "2000000001");
        completeValidation(workspace, ExternalApp.GOOGLE_ADS);
        syncSuccessfully(workspace, hub.hubId());
        Instant syncedAt = system.clock.instant();

        // when
        system.clock.advance(Duration.ofHours(24));
        JsonNode atThreshold = body(get("ReadStatusFunction/GetHub.json", MANAGER, workspace, hub.hubId(), null));
        system.clock.advance(Duration.ofMillis(1));
        JsonNode justAfter = body(get("ReadStatusFunction/GetHub.json", MANAGER, workspace, hub.hubId(), null));

        // then
        assertEquals("HEALTHY", atThreshold.at("/status/code").asText());
        assertEquals("REQUIRES_SYNC", justAfter.at("/status/code").asText());
        assertEquals("SYNC_STALE", justAfter.at("/status/reasons/0/code").asText());
        assertEquals("RUN_SYNC", justAfter.at("/status/nextAction/code").asText());
        assertEquals("OWNER", justAfter.at("/status/mustAct").asText());
        assertEquals(syncedAt.plus(Duration.ofHours(24)).toString(), justAfter.at("/status/since").asText());
        assertEquals("MANAGER", justAfter.get("role").asText(), "a manager reads the hub too");
    }

    @Test
    void theListShowsOnlyTheCallersHubsWithCountsFiltersAndPages() {
        // given: 7 hubs the owner sees, 1 they do not, 1 in another workspace
        String workspace = "ws-list";
        List<String> google = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            google.add(connect(workspace, ExternalApp.GOOGLE_ADS, "200000000" + i).hubId());
        }
        for (int i = 0; i < 3; i++) {
            connect(workspace, ExternalApp.META_BUSINESS_MANAGER, "100000000" + i);
        }
        completeValidation(workspace, ExternalApp.GOOGLE_ADS);
        syncSuccessfully(workspace, google.getFirst());
        Hub hidden = system.connectHub().connect(TestSystem.user(STRANGER, workspace), new ConnectHub.Request(
                ExternalApp.GOOGLE_ADS, "Not yours", "2000000009", "sa-x", Set.of())).hub();
        connect("ws-list-other", ExternalApp.GOOGLE_ADS, "2000000001");

        // when
        JsonNode all = body(get("ReadStatusFunction/ListHubs.json", OWNER, workspace, null, Map.of()));
        JsonNode googleOnly = body(get("ReadStatusFunction/ListHubs.json", OWNER, workspace, null, Map.of("app", "google-ads")));
        JsonNode requiresSync = body(get("ReadStatusFunction/ListHubs.json", OWNER, workspace, null,
                Map.of("status", "REQUIRES_SYNC,HEALTHY", "app", "google-ads")));
        JsonNode firstPage = body(get("ReadStatusFunction/ListHubs.json", OWNER, workspace, null, Map.of("limit", "3")));
        JsonNode secondPage = body(get("ReadStatusFunction/ListHubs.json", OWNER, workspace, null,
                Map.of("limit", "3", "cursor", firstPage.get("nextCursor").asText())));
        JsonNode thirdPage = body(get("ReadStatusFunction/ListHubs.json", OWNER, workspace, null,
                Map.of("limit", "3", "cursor", secondPage.get("nextCursor").asText())));

        // then
        assertEquals(7, all.get("hubs").size());
        assertEquals(7, all.get("total").asInt());
        assertEquals(3, all.at("/counts/UNDER_VALIDATION").asInt());
        assertEquals(3, all.at("/counts/REQUIRES_SYNC").asInt());
        assertEquals(1, all.at("/counts/HEALTHY").asInt());
        assertEquals(0, all.at("/counts/UNDER_REVIEW").asInt());
        assertTrue(all.get("nextCursor").isNull());
        Set<String> ids = new HashSet<>();
        all.get("hubs").forEach(h -> ids.add(h.get("hubId").asText()));
        assertTrue(!ids.contains(hidden.hubId()), "a hub the caller neither owns nor manages is not listed");
        assertEquals(4, googleOnly.get("hubs").size());
        assertEquals(4, googleOnly.get("total").asInt());
        assertEquals(4, requiresSync.get("hubs").size());
        assertEquals(3, firstPage.get("hubs").size());
        assertEquals(3, secondPage.get("hubs").size());
        assertEquals(1, thirdPage.get("hubs").size());
        assertTrue(thirdPage.get("nextCursor").isNull());
        Set<String> paged = new HashSet<>();
        for (JsonNode page : List.of(firstPage, secondPage, thirdPage)) {
            page.get("hubs").forEach(h -> paged.add(h.get("hubId").asText()));
        }
        assertEquals(ids, paged);
    }

    @Test
    void theHistoryListsTransitionsNewestFirstInPages() {
        // given
        String workspace = "ws-history";
        Hub hub = connect(workspace, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "3000000001");
        system.clock.advance(Duration.ofSeconds(1));
        completeValidation(workspace, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER);
        system.clock.advance(Duration.ofSeconds(1));
        syncSuccessfully(workspace, hub.hubId());

        // when
        JsonNode first = body(get("ReadStatusFunction/GetHubHistory.json", OWNER, workspace, hub.hubId(), Map.of("limit", "2")));
        JsonNode rest = body(get("ReadStatusFunction/GetHubHistory.json", OWNER, workspace, hub.hubId(),
                Map.of("limit", "2", "cursor", first.get("nextCursor").asText())));

        // then
        List<String> transitions = new ArrayList<>();
        for (JsonNode page : List.of(first, rest)) {
            page.get("entries").forEach(e -> transitions.add(e.get("from").asText() + "->" + e.get("to").asText() + " " + e.get("cause").asText()));
        }
        assertEquals(List.of("REQUIRES_SYNC->HEALTHY SYNC_SUCCEEDED", "UNDER_VALIDATION->REQUIRES_SYNC VALIDATION_COMPLETED",
                "null->UNDER_VALIDATION CONNECTED"), transitions);
    }

    @Test
    void aHubOfAnotherWorkspaceOrOfNobodyTheCallerKnowsIsNotFound() {
        // given
        Hub hub = connect("ws-private", ExternalApp.GOOGLE_ADS, "2000000001");

        // when
        APIGatewayV2HTTPResponse otherWorkspace = get("ReadStatusFunction/GetHub.json", OWNER, "ws-nosy", hub.hubId(), null);
        APIGatewayV2HTTPResponse stranger = get("ReadStatusFunction/GetHub.json", STRANGER, "ws-private", hub.hubId(), null);
        APIGatewayV2HTTPResponse history = get("ReadStatusFunction/GetHubHistory.json", STRANGER, "ws-private", hub.hubId(), null);
        APIGatewayV2HTTPResponse missing = get("ReadStatusFunction/GetHub.json", OWNER, "ws-private", "hub_NOPE", null);

        // then
        for (APIGatewayV2HTTPResponse response : List.of(otherWorkspace, stranger, history, missing)) {
            assertEquals(404, response.getStatusCode());
            assertEquals("HUB_NOT_FOUND", body(response).at("/error/code").asText());
        }
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource({
            "limit, 0, INVALID_PARAMETER",
            "limit, 201, INVALID_PARAMETER",
            "limit, ten, INVALID_PARAMETER",
            "status, STALE, INVALID_PARAMETER",
            "app, myspace, INVALID_PARAMETER",
            "cursor, bm90LWEtY3Vyc29y, INVALID_CURSOR",
    })
    void badListParametersAreRefusedWith400(String name, String value, String code) {
        APIGatewayV2HTTPResponse response = get("ReadStatusFunction/ListHubs.json", OWNER, "ws-params", null, Map.of(name, value));
        assertEquals(400, response.getStatusCode());
        assertEquals(code, body(response).at("/error/code").asText());
    }

    @Test
    void aHistoryCursorOfAnotherHubIsRefused() {
        // given
        String workspace = "ws-cursor";
        Hub a = connect(workspace, ExternalApp.GOOGLE_ADS, "2000000001");
        system.clock.advance(Duration.ofSeconds(1));
        completeValidation(workspace, ExternalApp.GOOGLE_ADS);
        Hub b = connect(workspace, ExternalApp.GOOGLE_ADS, "2000000002");
        String cursorOfA = body(get("ReadStatusFunction/GetHubHistory.json", OWNER, workspace, a.hubId(), Map.of("limit", "1")))
                .get("nextCursor").asText();

        // when
        APIGatewayV2HTTPResponse response = get("ReadStatusFunction/GetHubHistory.json", OWNER, workspace, b.hubId(),
                new HashMap<>(Map.of("cursor", cursorOfA)));

        // then
        assertEquals(400, response.getStatusCode());
        assertEquals("INVALID_CURSOR", body(response).at("/error/code").asText());
    }

    @Test
    void aRouteThisFunctionDoesNotServeIsNotFound() {
        APIGatewayV2HTTPEvent event = httpEvent("ReadStatusFunction/ListHubs.json");
        event.setRouteKey("DELETE /hubs");
        assertEquals(404, handler.handleRequest(event, null).getStatusCode());
    }
}
