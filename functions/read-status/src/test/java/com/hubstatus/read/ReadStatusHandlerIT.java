package com.hubstatus.read;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.hubstatus.testing.JsonAssertions.assertJsonHas;
import static com.hubstatus.testing.JsonAssertions.assertRefusal;
import static com.hubstatus.testing.LambdaEvents.as;
import static com.hubstatus.testing.LambdaEvents.body;
import static com.hubstatus.testing.LambdaEvents.httpEvent;
import static com.hubstatus.testing.LambdaEvents.withHubId;
import static com.hubstatus.testing.TestSystem.MANAGER;
import static com.hubstatus.testing.TestSystem.OWNER;
import static com.hubstatus.testing.TestSystem.STRANGER;
import static com.hubstatus.testing.TestSystem.WORKSPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mapping of read-status's HTTP API events to ListHubs and ReadHub and back: every sample event
 * of {@code events/ReadStatusFunction} reaches its use case, the query parameters reach it too or
 * are refused with 400, a hub the caller may not see is 404, and the answers have their JSON shape.
 * What the use cases do is tested in {@code com.hubstatus.usecase}.
 */
@ExtendWith(TestSystemExtension.class)
class ReadStatusHandlerIT {

    /** In {@link TestSystem#WORKSPACE}, the sample events' workspace: a Healthy and a Requires-sync Google Ads hub, a Meta hub under validation. */
    private static Hub healthy;
    private static Hub underValidation;

    @BeforeAll
    static void aWorkspaceWithAHubOfThreeStatuses(TestSystem system) {
        healthy = system.syncedHub(WORKSPACE, ExternalApp.GOOGLE_ADS, "2000000001");
        system.connect(WORKSPACE, ExternalApp.GOOGLE_ADS, "2000000002", "sa-marketing");
        underValidation = system.connect(WORKSPACE, ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");
    }

    private static APIGatewayV2HTTPResponse get(TestSystem system, String file, String user, String workspace,
                                                String hubId, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = as(httpEvent("ReadStatusFunction/" + file), user, workspace, "[]");
        if (hubId != null) {
            withHubId(event, hubId);
        }
        if (query != null) {
            event.setQueryStringParameters(query);
        }
        return new ReadStatusHandler(system.listHubs(), system.readHub(), system.listReviews(), system.identities).handleRequest(event, null);
    }

    @Test
    void theSampleGetHubEventAnswersTheHubWithItsStatusAsJson(TestSystem system) {
        // given
        Instant syncedAt = healthy.lastSuccessAt();

        // when
        APIGatewayV2HTTPResponse response = get(system, "GetHub.json", OWNER, WORKSPACE, healthy.hubId(), null);

        // then
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertJsonHas("""
                {"hubId": "%s", "app": {"id": "google-ads"}, "role": "OWNER",
                 "status": {"code": "HEALTHY", "label": "Healthy", "mustAct": "NOBODY", "nextAction": {"code": "NONE"},
                            "reasons": [], "since": "%s", "healthyUntil": "%s"},
                 "sync": {"lastAttempt": {"outcome": "SUCCEEDED"}, "lastSuccessAt": "%s", "running": null}, "check": null}
                """.formatted(healthy.hubId(), syncedAt, syncedAt.plus(Duration.ofHours(24)), syncedAt), body(response));
    }

    @Test
    void aManagerReadsTheHubWithTheRoleManagerAndItsReasons(TestSystem system) {
        // when
        JsonNode view = body(get(system, "GetHub.json", MANAGER, WORKSPACE, underValidation.hubId(), null));

        // then
        assertJsonHas("""
                {"role": "MANAGER", "status": {"code": "UNDER_VALIDATION", "nextAction": {"code": "WAIT_FOR_VALIDATION"},
                 "reasons": [{"code": "VALIDATION_IN_PROGRESS", "status": "UNDER_VALIDATION"}, {"code": "NO_INITIAL_SYNC"}]}}
                """, view);
    }

    @Test
    void theSampleListEventAnswersTheHubsOfItsStatusesWithCountsForEveryStatus(TestSystem system) {
        // when: the sample asks for REQUIRES_SYNC,HEALTHY
        APIGatewayV2HTTPResponse response = get(system, "ListHubs.json", OWNER, WORKSPACE, null, null);

        // then
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode list = body(response);
        assertJsonHas("""
                {"counts": {"UNDER_VALIDATION": 1, "UNDER_REVIEW": 0, "REVIEW_CONFIGURATION": 0, "REVIEW_SERVICE_ACCOUNT": 0,
                            "REQUIRES_SYNC": 1, "HEALTHY": 1},
                 "total": 3, "nextCursor": null}
                """, list);
        assertEquals(2, list.get("hubs").size());
        assertEquals("OWNER", list.at("/hubs/0/role").asText());
    }

    @Test
    void theListsAppLimitAndCursorParametersReachTheUseCase(TestSystem system) {
        // when
        JsonNode first = body(get(system, "ListHubs.json", OWNER, WORKSPACE, null, Map.of("app", "google-ads", "limit", "1")));
        JsonNode second = body(get(system, "ListHubs.json", OWNER, WORKSPACE, null,
                Map.of("app", "google-ads", "limit", "1", "cursor", first.get("nextCursor").asText())));
        JsonNode validating = body(get(system, "ListHubs.json", OWNER, WORKSPACE, null, Map.of("status", "UNDER_VALIDATION")));

        // then
        assertEquals(1, first.get("hubs").size());
        assertEquals(2, first.get("total").asInt(), "the counts are of the app asked for");
        assertEquals(1, second.get("hubs").size());
        assertNotEquals(first.at("/hubs/0/hubId"), second.at("/hubs/0/hubId"));
        assertTrue(second.get("nextCursor").isNull());
        assertEquals(underValidation.hubId(), validating.at("/hubs/0/hubId").asText());
        assertEquals(1, validating.get("hubs").size());
    }

    @Test
    void theSampleHistoryEventAnswersTheEntriesNewestFirstInPages(TestSystem system) {
        // when
        JsonNode first = body(get(system, "GetHubHistory.json", OWNER, WORKSPACE, healthy.hubId(), Map.of("limit", "2")));
        JsonNode rest = body(get(system, "GetHubHistory.json", OWNER, WORKSPACE, healthy.hubId(),
                Map.of("limit", "2", "cursor", first.get("nextCursor").asText())));

        // then
        assertEquals(healthy.hubId(), first.get("hubId").asText());
        List<String> transitions = new ArrayList<>();
        for (JsonNode page : List.of(first, rest)) {
            page.get("entries").forEach(e -> transitions.add(e.get("from").asText() + "->" + e.get("to").asText() + " " + e.get("cause").asText()));
        }
        assertEquals(List.of("REQUIRES_SYNC->HEALTHY SYNC_SUCCEEDED", "UNDER_VALIDATION->REQUIRES_SYNC VALIDATION_COMPLETED",
                "null->UNDER_VALIDATION CONNECTED"), transitions);
        assertTrue(rest.at("/entries/0/from").isNull());
        assertEquals("VALIDATION_IN_PROGRESS", rest.at("/entries/0/reasons/0").asText());
        assertTrue(rest.get("nextCursor").isNull());
    }

    @Test
    void aHubTheCallerCannotSeeIs404HubNotFound(TestSystem system) {
        // when
        APIGatewayV2HTTPResponse otherWorkspace = get(system, "GetHub.json", OWNER, "ws-nosy", healthy.hubId(), null);
        APIGatewayV2HTTPResponse stranger = get(system, "GetHub.json", STRANGER, WORKSPACE, healthy.hubId(), null);
        APIGatewayV2HTTPResponse history = get(system, "GetHubHistory.json", STRANGER, WORKSPACE, healthy.hubId(), null);
        APIGatewayV2HTTPResponse missing = get(system, "GetHub.json", OWNER, WORKSPACE, "hub_NOPE", null);

        // then
        for (APIGatewayV2HTTPResponse response : List.of(otherWorkspace, stranger, history, missing)) {
            assertRefusal(404, "HUB_NOT_FOUND", response);
        }
    }

    @ParameterizedTest(name = "{0} {1}={2} -> {3}")
    @CsvSource({
            "ListHubs.json, limit, 0, INVALID_PARAMETER",
            "ListHubs.json, limit, 201, INVALID_PARAMETER",
            "ListHubs.json, limit, ten, INVALID_PARAMETER",
            "ListHubs.json, status, STALE, INVALID_PARAMETER",
            "ListHubs.json, app, myspace, INVALID_PARAMETER",
            "ListHubs.json, cursor, bm90LWEtY3Vyc29y, INVALID_CURSOR",
            "GetHubHistory.json, limit, 0, INVALID_PARAMETER",
            "GetHubHistory.json, cursor, bm90LWEtY3Vyc29y, INVALID_CURSOR",
    })
    void badParametersAreRefusedWith400(String file, String name, String value, String code, TestSystem system) {
        assertRefusal(400, code, get(system, file, OWNER, WORKSPACE, healthy.hubId(), Map.of(name, value)));
    }

    @Test
    void aRouteThisFunctionDoesNotServeIsNotFound(TestSystem system) {
        APIGatewayV2HTTPEvent event = httpEvent("ReadStatusFunction/ListHubs.json");
        event.setRouteKey("DELETE /hubs");
        assertEquals(404, new ReadStatusHandler(system.listHubs(), system.readHub(), system.listReviews(), system.identities)
                .handleRequest(event, null).getStatusCode());
    }
}
