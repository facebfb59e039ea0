package com.hubstatus.connect;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static com.hubstatus.testing.JsonAssertions.assertJsonHas;
import static com.hubstatus.testing.JsonAssertions.assertRefusal;
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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mapping of connect-hub's HTTP API events to its use cases and back: every sample event of
 * {@code events/ConnectHubFunction} reaches its use case, refusals get their status and code, and
 * the answers have their JSON shape. What the use cases do is tested in {@code com.hubstatus.usecase}.
 */
@ExtendWith(TestSystemExtension.class)
class ConnectHubHandlerIT {

    private static APIGatewayV2HTTPResponse handle(TestSystem system, APIGatewayV2HTTPEvent event) {
        return new ConnectHubHandler(system.connectHub(), system.changeHub(), system.disconnectHub(), system.recheckHub(),
                system.requestRevalidation(), system.answerOnce(), system.identities).handleRequest(event, null);
    }

    /** A sample event of connect-hub from another caller, about {@code hubId}. */
    private static APIGatewayV2HTTPEvent sample(String file, String user, String workspace, String hubId) {
        return withHubId(as(httpEvent("ConnectHubFunction/" + file), user, workspace, "[]"), hubId);
    }

    private static APIGatewayV2HTTPEvent revalidation(String user, String workspace, String groups) {
        return as(httpEvent("ConnectHubFunction/RequestRevalidation.json"), user, workspace, groups);
    }

    @Test
    void theSampleConnectEventConnectsAHubAndAnswers201WithTheHubAndItsLocation(TestSystem system) {
        // when
        APIGatewayV2HTTPResponse response = handle(system, httpEvent("ConnectHubFunction/ConnectHub.json"));

        // then
        assertEquals(201, response.getStatusCode(), response.getBody());
        JsonNode hub = body(response);
        assertEquals("/hubs/" + hub.get("hubId").asText(), response.getHeaders().get("location"));
        assertJsonHas("""
                {"name": "Marketing EU", "app": {"id": "meta-business-manager", "label": "Meta Business Manager"},
                 "businessId": "1000000001", "serviceAccount": "sa-marketing", "role": "OWNER",
                 "owners": ["user-owner-1"], "managers": ["user-manager-1"],
                 "status": {"code": "UNDER_VALIDATION", "label": "Under validation", "mustAct": "NOBODY",
                            "reasons": [{"code": "VALIDATION_IN_PROGRESS"}, {"code": "NO_INITIAL_SYNC"}],
                            "nextAction": {"code": "WAIT_FOR_VALIDATION"}, "healthyUntil": null},
                 "sync": {"lastAttempt": null, "lastSuccessAt": null, "running": null}, "check": null}
                """, hub);
        assertTrue(system.store.findHub(WORKSPACE, hub.get("hubId").asText()).isPresent());
    }

    @Test
    void theSampleChangeEventChangesTheHubAndAnswers200WithIt(TestSystem system) {
        // given
        Hub hub = system.validatedHub("ws-change", ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");

        // when: the sample's new business ID
        APIGatewayV2HTTPResponse response = handle(system, sample("ChangeHub.json", OWNER, "ws-change", hub.hubId()));

        // then
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertJsonHas("""
                {"businessId": "1000000002", "check": {"state": "PENDING", "trigger": "CONFIGURATION_CHANGED"}}
                """, body(response));
    }

    @Test
    void aChangeOfOwnersIsAnsweredWithTheOwnersInOrder(TestSystem system) {
        // given
        Hub hub = system.connect("ws-owners", ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "3000000001", "sa-marketing");

        // when
        APIGatewayV2HTTPResponse response = handle(system, withBody(sample("ChangeHub.json", OWNER, "ws-owners", hub.hubId()),
                "{\"owners\": [\"user-owner-2\", \"user-owner-1\"]}"));

        // then
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertJsonHas("{\"owners\": [\"user-owner-1\", \"user-owner-2\"]}", body(response));
    }

    @Test
    void theSampleDisconnectEventDisconnectsTheHubAndAnswers204(TestSystem system) {
        // given
        Hub hub = system.connect(WORKSPACE, ExternalApp.META_BUSINESS_MANAGER, "1000000003", "sa-marketing");

        // when
        APIGatewayV2HTTPResponse response = handle(system, withHubId(httpEvent("ConnectHubFunction/DisconnectHub.json"), hub.hubId()));

        // then
        assertEquals(204, response.getStatusCode());
        assertNull(response.getBody());
        assertTrue(system.store.findHub(WORKSPACE, hub.hubId()).isEmpty());
    }

    @Test
    void aManagersChangeIs403AndAHubTheCallerCannotSeeIs404LikeAMissingOne(TestSystem system) {
        // given
        String hubId = system.connect("ws-access", ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing").hubId();

        // when
        APIGatewayV2HTTPResponse managerPatch = handle(system, withBody(sample("ChangeHub.json", MANAGER, "ws-access", hubId),
                "{\"name\": \"mine now\"}"));
        APIGatewayV2HTTPResponse managerDelete = handle(system, sample("DisconnectHub.json", MANAGER, "ws-access", hubId));
        APIGatewayV2HTTPResponse stranger = handle(system, sample("DisconnectHub.json", STRANGER, "ws-access", hubId));
        APIGatewayV2HTTPResponse otherWorkspace = handle(system, sample("DisconnectHub.json", OWNER, OTHER_WORKSPACE, hubId));
        APIGatewayV2HTTPResponse missing = handle(system, sample("DisconnectHub.json", OWNER, "ws-access", "hub_DOESNOTEXIST"));

        // then
        assertRefusal(403, "FORBIDDEN", managerPatch);
        assertRefusal(403, "FORBIDDEN", managerDelete);
        assertRefusal(404, "HUB_NOT_FOUND", stranger);
        assertRefusal(404, "HUB_NOT_FOUND", otherWorkspace);
        assertEquals(body(missing), body(stranger), "a hidden hub answers exactly like a missing one");
    }

    @Test
    void theSampleRevalidationEventAnswers202WithTheCohortAndRefusalsGet403Or409Or404(TestSystem system) {
        // given
        system.validatedHub(WORKSPACE, ExternalApp.TIKTOK_BUSINESS_CENTER, "4000000001", "sa-marketing");
        APIGatewayV2HTTPEvent unknownApp = httpEvent("ConnectHubFunction/RequestRevalidation.json");
        unknownApp.setPathParameters(Map.of("app", "myspace"));

        // when
        APIGatewayV2HTTPResponse owner = handle(system, revalidation(OWNER, WORKSPACE, "[hubstatus-users]"));
        APIGatewayV2HTTPResponse operator = handle(system, revalidation(OPERATOR, WORKSPACE, "[support hubstatus-operators]"));
        APIGatewayV2HTTPResponse again = handle(system, httpEvent("ConnectHubFunction/RequestRevalidation.json"));
        APIGatewayV2HTTPResponse unknown = handle(system, unknownApp);
        APIGatewayV2HTTPResponse noHubs = handle(system, revalidation(OPERATOR, "ws-without-hubs", "[hubstatus-operators]"));

        // then
        assertRefusal(403, "FORBIDDEN", owner);
        assertEquals(202, operator.getStatusCode(), operator.getBody());
        assertJsonHas("""
                {"app": {"id": "tiktok-business-center"}, "validating": false, "run": {"kind": "REVALIDATION", "phase": "CHECKING"}}
                """, body(operator));
        assertRefusal(409, "VALIDATION_ALREADY_RUNNING", again);
        assertRefusal(404, "INTEGRATION_NOT_FOUND", unknown);
        assertRefusal(404, "INTEGRATION_NOT_FOUND", noHubs);
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
    void aBadConnectRequestIsRefusedAndWritesNothing(String requestBody, int status, String code, TestSystem system) {
        assertRefusedWritingNothing(system, status, code, withBody(httpEvent("ConnectHubFunction/ConnectHub.json"), requestBody));
    }

    @Test
    void anOversizeBodyIsRefusedWith413(TestSystem system) {
        String huge = "{\"app\": \"google-ads\", \"name\": \"" + "x".repeat(20_000) + "\"}";
        assertRefusedWritingNothing(system, 413, "BODY_TOO_LARGE", withBody(httpEvent("ConnectHubFunction/ConnectHub.json"), huge));
    }

    @ParameterizedTest(name = "claims {0}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            NONE              | ws-demo
            user-owner-1      | NONE
            has spaces        | ws-demo
            user-owner-1      | ws/../other
            """)
    void aRequestWithoutAUsableIdentityIsRefusedWith401(String sub, String workspace, TestSystem system) {
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
        assertRefusedWritingNothing(system, 401, "UNAUTHENTICATED", event);
    }

    @Test
    void aRequestWithNoAuthorizerAtAllIsRefusedWith401(TestSystem system) {
        APIGatewayV2HTTPEvent event = httpEvent("ConnectHubFunction/ConnectHub.json");
        event.getRequestContext().setAuthorizer(null);
        assertRefusedWritingNothing(system, 401, "UNAUTHENTICATED", event);
    }

    /** The request is refused before any use case runs: nothing is written, nothing published. */
    private static void assertRefusedWritingNothing(TestSystem system, int status, String code, APIGatewayV2HTTPEvent event) {
        // given
        int items = system.itemCount();
        long calls = system.bus.putEventsCalls();

        // when
        APIGatewayV2HTTPResponse response = handle(system, event);

        // then
        assertRefusal(status, code, response);
        assertEquals(items, system.itemCount());
        assertEquals(calls, system.bus.putEventsCalls());
    }

    @Test
    void aBase64EncodedBodyIsRead(TestSystem system) {
        // given
        APIGatewayV2HTTPEvent event = httpEvent("ConnectHubFunction/ConnectHub.json");
        event.setBody(Base64.getEncoder().encodeToString(
                "{\"app\":\"google-ads\",\"name\":\"b64\",\"businessId\":\"2000000001\",\"serviceAccount\":\"sa-x\"}"
                        .getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);

        // when
        APIGatewayV2HTTPResponse response = handle(system, event);

        // then
        assertEquals(201, response.getStatusCode(), response.getBody());
        assertJsonHas("{\"name\": \"b64\", \"serviceAccount\": \"sa-x\"}", body(response));
    }
}
