package com.hubstatus.connect;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.events.EventCodec;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.hubstatus.testing.LambdaEvents.as;
import static com.hubstatus.testing.LambdaEvents.body;
import static com.hubstatus.testing.LambdaEvents.httpEvent;
import static com.hubstatus.testing.LambdaEvents.withBody;
import static com.hubstatus.testing.LambdaEvents.withHubId;
import static com.hubstatus.testing.TestSystem.MANAGER;
import static com.hubstatus.testing.TestSystem.OPERATOR;
import static com.hubstatus.testing.TestSystem.OTHER_WORKSPACE;
import static com.hubstatus.testing.TestSystem.OWNER;
import static com.hubstatus.testing.TestSystem.STRANGER;
import static com.hubstatus.testing.TestSystem.WORKSPACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(TestSystemExtension.class)
class ConnectHubHandlerIT {

    private static TestSystem system;
    private static ConnectHubHandler handler;

    @BeforeAll
    static void start(TestSystem started) {
        system = started;
        handler = new ConnectHubHandler(system.connectHub(), system.changeHub(), system.disconnectHub(),
                system.requestRevalidation(), system.identities);
    }


    @BeforeEach
    void clearBus() {
        system.bus.clear();
    }

    private static APIGatewayV2HTTPResponse connect(String workspace, String app, String businessId) {
        APIGatewayV2HTTPEvent event = as(httpEvent("ConnectHubFunction/ConnectHub.json"), OWNER, workspace, "[]");
        return handler.handleRequest(withBody(event, """
                {"app": "%s", "name": "Hub %s", "businessId": "%s", "serviceAccount": "sa-marketing", "managers": ["%s"]}
                """.formatted(app, businessId, businessId, MANAGER)), null);
    }

    private static void completeValidation(String workspace, ExternalApp app) {
        system.completeValidation(workspace, app);
    }

    @Test
    void theSampleEventConnectsAHubOwnedByTheCallerWhichIsUnderValidation() {
        // when
        APIGatewayV2HTTPResponse response = handler.handleRequest(httpEvent("ConnectHubFunction/ConnectHub.json"), null);

        // then
        assertEquals(201, response.getStatusCode(), response.getBody());
        JsonNode hub = body(response);
        assertEquals("/hubs/" + hub.get("hubId").asText(), response.getHeaders().get("location"));
        assertEquals("OWNER", hub.get("role").asText());
        assertEquals("UNDER_VALIDATION", hub.at("/status/code").asText());
        assertEquals("Under validation", hub.at("/status/label").asText());
        assertEquals("VALIDATION_IN_PROGRESS", hub.at("/status/reasons/0/code").asText());
        assertEquals("WAIT_FOR_VALIDATION", hub.at("/status/nextAction/code").asText());
        assertEquals("sa-marketing", hub.get("serviceAccount").asText());
        Hub stored = system.store.findHub(WORKSPACE, hub.get("hubId").asText()).orElseThrow();
        assertEquals(Set.of("user-owner-1"), stored.owners());
        assertEquals(Set.of("user-manager-1"), stored.managers());
        assertEquals(1, system.published(EventCodec.HUB_CONNECTED).size());
        assertEquals(1, system.published(EventCodec.HUB_STATUS_CHANGED).size());
        BusEvent validation = system.published(EventCodec.VALIDATION_REQUESTED).getFirst();
        assertEquals("meta-business-manager", validation.detail().get("app").asText());
        assertEquals(TestSystem.BUS, validation.eventBusName());
        assertTrue(system.store.unpublished(system.clock.instant().plusSeconds(3600), 100).isEmpty(),
                "published events leave the outbox");
    }

    @Test
    void aSecondHubOfTheSameAppJoinsTheValidationAndAHubAfterCompletionIsCheckedOnItsOwn() {
        // given
        String workspace = "ws-cohort";
        connect(workspace, "google-ads", "2000000001");

        // when
        JsonNode second = body(connect(workspace, "google-ads", "2000000002"));

        // then
        assertEquals("UNDER_VALIDATION", second.at("/status/code").asText());
        assertEquals(1, system.published(EventCodec.VALIDATION_REQUESTED).size());
        assertTrue(system.published(EventCodec.CHECK_REQUESTED).isEmpty());

        // when
        completeValidation(workspace, ExternalApp.GOOGLE_ADS);
        JsonNode third = body(connect(workspace, "google-ads", "2000000003"));

        // then
        assertEquals("REQUIRES_SYNC", third.at("/status/code").asText());
        assertEquals("PENDING", third.at("/check/state").asText());
        BusEvent check = system.published(EventCodec.CHECK_REQUESTED).getFirst();
        assertEquals(third.get("hubId").asText(), check.detail().get("hubId").asText());
    }

    @Test
    void anOwnerChangesTheBusinessIdAndTheHubIsCheckedAgain() {
        // given
        String workspace = "ws-change";
        String hubId = body(connect(workspace, "linkedin-campaign-manager", "3000000001")).get("hubId").asText();
        completeValidation(workspace, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER);
        system.bus.clear();

        // when
        APIGatewayV2HTTPEvent patch = withHubId(as(httpEvent("ConnectHubFunction/ChangeHub.json"), OWNER, workspace, "[]"), hubId);
        APIGatewayV2HTTPResponse response = handler.handleRequest(withBody(patch,
                "{\"businessId\": \"3000000009\", \"owners\": [\"user-owner-1\", \"user-owner-2\"]}"), null);

        // then
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("3000000009", body(response).get("businessId").asText());
        assertEquals("CONFIGURATION_CHANGED", body(response).at("/check/trigger").asText());
        JsonNode owners = body(response).get("owners");
        assertEquals(List.of("user-owner-1", "user-owner-2"), List.of(owners.get(0).asText(), owners.get(1).asText()));
        assertEquals(1, system.published(EventCodec.CHECK_REQUESTED).size());
    }

    @Test
    void anOwnerDisconnectsAHubAndItIsGone() {
        // given
        String workspace = "ws-disconnect";
        String hubId = body(connect(workspace, "meta-business-manager", "1000000003")).get("hubId").asText();
        system.bus.clear();

        // when
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                withHubId(as(httpEvent("ConnectHubFunction/DisconnectHub.json"), OWNER, workspace, "[]"), hubId), null);

        // then
        assertEquals(204, response.getStatusCode());
        assertTrue(system.store.findHub(workspace, hubId).isEmpty());
        assertEquals(hubId, system.published(EventCodec.HUB_DISCONNECTED).getFirst().detail().get("hubId").asText());
    }

    @Test
    void aManagerMayNotChangeOrDisconnectAndOthersCannotEvenSeeTheHub() {
        // given
        String workspace = "ws-access";
        String hubId = body(connect(workspace, "meta-business-manager", "1000000001")).get("hubId").asText();
        long before = system.allItems().size();

        // when / then
        APIGatewayV2HTTPEvent managerPatch = withBody(withHubId(as(httpEvent("ConnectHubFunction/ChangeHub.json"),
                MANAGER, workspace, "[]"), hubId), "{\"name\": \"mine now\"}");
        assertEquals(403, handler.handleRequest(managerPatch, null).getStatusCode());
        assertEquals(403, handler.handleRequest(withHubId(as(httpEvent("ConnectHubFunction/DisconnectHub.json"),
                MANAGER, workspace, "[]"), hubId), null).getStatusCode());
        APIGatewayV2HTTPResponse stranger = handler.handleRequest(withHubId(as(httpEvent("ConnectHubFunction/DisconnectHub.json"),
                STRANGER, workspace, "[]"), hubId), null);
        APIGatewayV2HTTPResponse otherWorkspace = handler.handleRequest(withHubId(as(httpEvent("ConnectHubFunction/DisconnectHub.json"),
                OWNER, OTHER_WORKSPACE, "[]"), hubId), null);
        APIGatewayV2HTTPResponse missing = handler.handleRequest(withHubId(as(httpEvent("ConnectHubFunction/DisconnectHub.json"),
                OWNER, workspace, "[]"), "hub_DOESNOTEXIST"), null);
        assertEquals(404, stranger.getStatusCode());
        assertEquals(404, otherWorkspace.getStatusCode());
        assertEquals(body(missing), body(stranger), "a hidden hub answers exactly like a missing one");
        assertEquals(before, system.allItems().size());
        assertTrue(system.store.findHub(workspace, hubId).isPresent());
    }

    @Test
    void anOperatorRevalidatesAnIntegrationOnceAndOthersMayNot() {
        // given
        String workspace = "ws-operator";
        connect(workspace, "tiktok-business-center", "4000000001");
        completeValidation(workspace, ExternalApp.TIKTOK_BUSINESS_CENTER);
        system.bus.clear();
        APIGatewayV2HTTPEvent sample = httpEvent("ConnectHubFunction/RequestRevalidation.json");

        // when
        APIGatewayV2HTTPResponse owner = handler.handleRequest(as(httpEvent("ConnectHubFunction/RequestRevalidation.json"),
                OWNER, workspace, "[hubstatus-users]"), null);
        APIGatewayV2HTTPResponse operator = handler.handleRequest(as(sample, OPERATOR, workspace, "[support hubstatus-operators]"), null);
        APIGatewayV2HTTPResponse again = handler.handleRequest(as(httpEvent("ConnectHubFunction/RequestRevalidation.json"),
                OPERATOR, workspace, "[hubstatus-operators]"), null);
        APIGatewayV2HTTPEvent unknownApp = as(httpEvent("ConnectHubFunction/RequestRevalidation.json"), OPERATOR, workspace, "[hubstatus-operators]");
        unknownApp.setPathParameters(Map.of("app", "myspace"));

        // then
        assertEquals(403, owner.getStatusCode());
        assertEquals(202, operator.getStatusCode(), operator.getBody());
        assertEquals("REVALIDATION", body(operator).at("/run/kind").asText());
        assertEquals(1, system.published(EventCodec.VALIDATION_REQUESTED).size());
        assertEquals("REVALIDATION", system.published(EventCodec.VALIDATION_REQUESTED).getFirst().detail().get("kind").asText());
        assertEquals(409, again.getStatusCode());
        assertEquals("VALIDATION_ALREADY_RUNNING", body(again).at("/error/code").asText());
        assertEquals(404, handler.handleRequest(unknownApp, null).getStatusCode());
        assertEquals(404, handler.handleRequest(as(httpEvent("ConnectHubFunction/RequestRevalidation.json"),
                OPERATOR, "ws-without-hubs", "[hubstatus-operators]"), null).getStatusCode());
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            not json at all                                                                        | 400 | MALFORMED_JSON
            ["an", "array"]                                                                        | 400 | MALFORMED_JSON
            {"app": "google-ads", "name": 42, "businessId": "1", "serviceAccount": "sa"}           | 400 | INVALID_FIELD
            {"app": "google-ads", "name": "n", "businessId": "1", "serviceAccount": "sa", "password": "hunter2"} | 400 | UNKNOWN_FIELD
            {"app": "google-ads", "name": "n", "serviceAccount": "sa"}                             | 400 | MISSING_FIELD
            {"app": "myspace", "name": "n", "businessId": "1", "serviceAccount": "sa"}             | 400 | UNKNOWN_APP
            {"app": "google-ads", "name": "n", "businessId": "not valid!", "serviceAccount": "sa"} | 400 | INVALID_FIELD
            {"app": "google-ads", "name": "n", "businessId": "1", "serviceAccount": "sa", "managers": "bob"} | 400 | INVALID_FIELD
            {"app": "google-ads", "name": "n", "businessId": "1", "serviceAccount": "sa", "managers": [1]} | 400 | INVALID_FIELD
            {"app": "google-ads", "name": "n", "name": "m", "businessId": "1", "serviceAccount": "sa"} | 400 | MALFORMED_JSON
            """)
    void aBadConnectRequestIsRefusedAndWritesNothing(String requestBody, int status, String code) {
        // given
        long items = system.allItems().size();
        long calls = system.bus.putEventsCalls();

        // when
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                withBody(httpEvent("ConnectHubFunction/ConnectHub.json"), requestBody), null);

        // then
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertEquals(code, body(response).at("/error/code").asText());
        assertFalse(body(response).at("/error/message").asText().isBlank());
        assertEquals(items, system.allItems().size());
        assertEquals(calls, system.bus.putEventsCalls());
    }

    @Test
    void anOversizeBodyIsRefusedWith413() {
        // given
        long items = system.allItems().size();
        String huge = "{\"app\": \"google-ads\", \"name\": \"" + "x".repeat(20_000) + "\"}";

        // when
        APIGatewayV2HTTPResponse response = handler.handleRequest(withBody(httpEvent("ConnectHubFunction/ConnectHub.json"), huge), null);

        // then
        assertEquals(413, response.getStatusCode());
        assertEquals("BODY_TOO_LARGE", body(response).at("/error/code").asText());
        assertEquals(items, system.allItems().size());
    }

    @Test
    void aBase64EncodedBodyIsRead() {
        // given
        APIGatewayV2HTTPEvent event = httpEvent("ConnectHubFunction/ConnectHub.json");
        event.setBody(Base64.getEncoder().encodeToString(
                "{\"app\":\"google-ads\",\"name\":\"b64\",\"businessId\":\"2000000001\",\"serviceAccount\":\"sa-x\"}"
                        .getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);

        // when / then
        assertEquals(201, handler.handleRequest(event, null).getStatusCode());
    }

    @ParameterizedTest(name = "claims {0}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            NONE              | ws-demo
            user-owner-1      | NONE
            has spaces        | ws-demo
            user-owner-1      | ws/../other
            """)
    void aRequestWithoutAUsableIdentityIsRefusedWith401(String sub, String workspace) {
        // given
        APIGatewayV2HTTPEvent event = httpEvent("ConnectHubFunction/ConnectHub.json");
        Map<String, String> claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.remove("sub");
        claims.remove("workspace_id");
        if (sub != null) {
            claims.put("sub", sub);
        }
        if (workspace != null) {
            claims.put("workspace_id", workspace);
        }
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        long items = system.allItems().size();

        // when
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

        // then
        assertEquals(401, response.getStatusCode());
        assertEquals("UNAUTHENTICATED", body(response).at("/error/code").asText());
        assertEquals(items, system.allItems().size());
    }

    @Test
    void aRequestWithNoAuthorizerAtAllIsRefusedWith401() {
        APIGatewayV2HTTPEvent event = httpEvent("ConnectHubFunction/ConnectHub.json");
        event.getRequestContext().setAuthorizer(null);
        assertEquals(401, handler.handleRequest(event, null).getStatusCode());
    }

    @Test
    void anEventWhosePublicationFailsStaysInTheOutboxAndTheRequestStillSucceeds() {
        // given: EventBridge refuses every call for a while
        system.bus.failNextCalls(50, 500, "InternalException");

        // when
        APIGatewayV2HTTPResponse response = connect("ws-outbox", "meta-business-manager", "1000000002");

        // then
        assertEquals(201, response.getStatusCode());
        String hubId = body(response).get("hubId").asText();
        List<String> waiting = system.store.unpublished(system.clock.instant().plusSeconds(120), 1000).stream()
                .filter(e -> e.detail().contains(hubId) || e.detail().contains("ws-outbox"))
                .map(e -> e.detailType()).sorted().toList();
        assertEquals(List.of(EventCodec.HUB_CONNECTED, EventCodec.HUB_STATUS_CHANGED, EventCodec.VALIDATION_REQUESTED), waiting);
        system.bus.clear();
        system.store.remove(system.store.unpublished(system.clock.instant().plusSeconds(120), 1000)
                .stream().map(e -> e.eventId()).toList());
    }

    @Test
    void aDisconnectedHubsStatusIsNoLongerRecordedAsAnything() {
        // given
        String workspace = "ws-history-end";
        String hubId = body(connect(workspace, "meta-business-manager", "1000000004")).get("hubId").asText();
        system.clock.advance(Duration.ofSeconds(1));

        // when
        handler.handleRequest(withHubId(as(httpEvent("ConnectHubFunction/DisconnectHub.json"), OWNER, workspace, "[]"), hubId), null);

        // then
        var history = system.store.history(workspace, hubId, Optional.empty(), 10).items();
        assertEquals(HubStatus.UNDER_VALIDATION, history.getFirst().from());
        assertNull(history.getFirst().to());
    }
}
