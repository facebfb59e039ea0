package com.hubstatus.sync;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.events.EventCodec;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.testing.CountingExternalApp;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.hubstatus.testing.JsonAssertions.assertJsonHas;
import static com.hubstatus.testing.JsonAssertions.assertRefusal;
import static com.hubstatus.testing.LambdaEvents.as;
import static com.hubstatus.testing.LambdaEvents.body;
import static com.hubstatus.testing.LambdaEvents.busEvent;
import static com.hubstatus.testing.LambdaEvents.delivery;
import static com.hubstatus.testing.LambdaEvents.httpEvent;
import static com.hubstatus.testing.LambdaEvents.invoke;
import static com.hubstatus.testing.LambdaEvents.raw;
import static com.hubstatus.testing.LambdaEvents.withHubId;
import static com.hubstatus.testing.TestSystem.MANAGER;
import static com.hubstatus.testing.TestSystem.OWNER;
import static com.hubstatus.testing.TestSystem.STRANGER;
import static com.hubstatus.testing.TestSystem.WORKSPACE;
import static com.hubstatus.testing.TestSystem.owner;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The mapping of run-sync's two triggers: {@code POST /hubs/{hubId}/sync} to StartSync (202, its
 * refusals, the JSON of the run and the hub) and {@code Sync Requested} to RunSync (the outcome it
 * answers, dropped events). What the use cases do is tested in {@code com.hubstatus.usecase}.
 */
@ExtendWith(TestSystemExtension.class)
class SyncHandlersIT {

    private static APIGatewayV2HTTPResponse pressSync(TestSystem system, String user, String workspace, String hubId) {
        return new StartSyncHandler(system.startSync(), system.answerOnce(), system.identities)
                .handleRequest(withHubId(as(httpEvent("StartSyncFunction/RunSync.json"), user, workspace, "[]"), hubId), null);
    }

    /** A validated hub with no sync yet (Requires sync). */
    private static Hub hubRequiringASync(TestSystem system, String workspace) {
        return system.validatedHub(workspace, ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");
    }

    @Test
    void theSampleSyncRequestAnswers202WithTheRunAndTheHub(TestSystem system) {
        // given
        Hub hub = hubRequiringASync(system, WORKSPACE);
        system.bus.clear();

        // when
        APIGatewayV2HTTPResponse accepted = new StartSyncHandler(system.startSync(), system.answerOnce(), system.identities)
                .handleRequest(withHubId(httpEvent("StartSyncFunction/RunSync.json"), hub.hubId()), null);

        // then
        assertEquals(202, accepted.getStatusCode(), accepted.getBody());
        JsonNode run = body(accepted).get("syncRun");
        String runId = system.published(EventCodec.SYNC_REQUESTED).getFirst().detail().get("runId").asText();
        assertJsonHas("""
                {"syncRun": {"runId": "%s", "state": "REQUESTED", "trigger": "MANUAL", "startedAt": null},
                 "hub": {"hubId": "%s", "status": {"code": "REQUIRES_SYNC"}}}
                """.formatted(runId, hub.hubId()), body(accepted));
        assertEquals(run, body(accepted).at("/hub/sync/running"));
    }

    @Test
    void aSyncRequestedDeliveryIsRunAndAnswersItsOutcomeAndRun(TestSystem system) {
        // given
        CountingExternalApp app = new CountingExternalApp(system.externalApp);
        Hub hub = hubRequiringASync(system, "ws-run");
        system.bus.clear();
        system.startSync().start(owner("ws-run"), hub.hubId());
        BusEvent requested = system.published(EventCodec.SYNC_REQUESTED).getFirst();

        // when: EventBridge delivers the request to the runner
        JsonNode answer = invoke(new RunSyncHandler(system.runSync(app)), delivery(requested));

        // then
        assertEquals("SUCCEEDED", answer.get("outcome").asText());
        assertEquals(requested.detail().get("runId").asText(), answer.get("runId").asText());
        assertEquals(1, app.syncs());
    }

    @Test
    void refusalsAre409WhileASyncRuns403ForAManager404ForOthersAnd401WithoutIdentity(TestSystem system) {
        // given
        String hubId = hubRequiringASync(system, "ws-roles").hubId();
        APIGatewayV2HTTPEvent noClaims = httpEvent("StartSyncFunction/RunSync.json");
        noClaims.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of());

        // when
        APIGatewayV2HTTPResponse manager = pressSync(system, MANAGER, "ws-roles", hubId);
        APIGatewayV2HTTPResponse stranger = pressSync(system, STRANGER, "ws-roles", hubId);
        APIGatewayV2HTTPResponse elsewhere = pressSync(system, OWNER, "ws-elsewhere", hubId);
        APIGatewayV2HTTPResponse anonymous = new StartSyncHandler(system.startSync(), system.answerOnce(), system.identities)
                .handleRequest(noClaims, null);
        APIGatewayV2HTTPResponse first = pressSync(system, OWNER, "ws-roles", hubId);
        APIGatewayV2HTTPResponse again = pressSync(system, OWNER, "ws-roles", hubId);

        // then
        assertEquals(202, first.getStatusCode());
        assertRefusal(409, "SYNC_ALREADY_RUNNING", again);
        assertRefusal(403, "FORBIDDEN", manager);
        assertRefusal(404, "HUB_NOT_FOUND", stranger);
        assertRefusal(404, "HUB_NOT_FOUND", elsewhere);
        assertRefusal(401, "UNAUTHENTICATED", anonymous);
    }

    @Test
    void aPressRetriedWithItsIdempotencyKeyGetsTheFirstAnswerInsteadOf409(TestSystem system) {
        // given
        String hubId = hubRequiringASync(system, "ws-retry").hubId();
        system.bus.clear();

        // when: the answer to the first press was lost, and the client sends it again
        APIGatewayV2HTTPResponse first = pressSync(system, withKey(OWNER, "ws-retry", hubId, "press-1"));
        APIGatewayV2HTTPResponse retried = pressSync(system, withKey(OWNER, "ws-retry", hubId, "press-1"));
        APIGatewayV2HTTPResponse anotherPress = pressSync(system, withKey(OWNER, "ws-retry", hubId, "press-2"));

        // then
        assertEquals(202, first.getStatusCode(), first.getBody());
        assertEquals(first.getBody(), retried.getBody());
        assertEquals(202, retried.getStatusCode());
        assertRefusal(409, "SYNC_ALREADY_RUNNING", anotherPress);
        assertEquals(1, system.published(EventCodec.SYNC_REQUESTED).size());
    }

    private static APIGatewayV2HTTPResponse pressSync(TestSystem system, APIGatewayV2HTTPEvent event) {
        return new StartSyncHandler(system.startSync(), system.answerOnce(), system.identities).handleRequest(event, null);
    }

    private static APIGatewayV2HTTPEvent withKey(String user, String workspace, String hubId, String key) {
        APIGatewayV2HTTPEvent event = withHubId(as(httpEvent("StartSyncFunction/RunSync.json"), user, workspace, "[]"), hubId);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("idempotency-key", key);
        event.setHeaders(headers);
        return event;
    }

    @Test
    void theSampleSyncRequestedEventReachesRunSync(TestSystem system) {
        // given
        CountingExternalApp app = new CountingExternalApp(system.externalApp);

        // when: the sample names a hub that is not there
        JsonNode answer = invoke(new RunSyncHandler(system.runSync(app)), busEvent("RunSyncFunction/SyncRequested.json", Map.of()));

        // then
        assertEquals("HUB_GONE", answer.get("outcome").asText());
        assertEquals("sync_01KMA2QA0000000000000000R1", answer.get("runId").asText());
        assertEquals(0, app.syncs());
    }

    @Test
    void malformedOrUnknownEventsAreDroppedWithoutRetryAndWriteNothing(TestSystem system) {
        // given
        CountingExternalApp app = new CountingExternalApp(system.externalApp);
        RunSyncHandler handler = new RunSyncHandler(system.runSync(app));
        int items = system.itemCount();
        List<InputStream> events = List.of(
                raw("not json"),
                raw("{\"detail-type\": \"Sync Requested\"}"),
                busEvent("RunSyncFunction/SyncRequested.json", Map.of("trigger", "WHENEVER")),
                busEvent("RunSyncFunction/SyncRequested.json", Map.of("occurredAt", "yesterday")),
                busEvent("RunValidationFunction/CheckRequested.json", Map.of()));

        // when / then
        for (InputStream event : events) {
            assertEquals("DROPPED", invoke(handler, event).get("outcome").asText());
        }
        assertEquals(items, system.itemCount());
        assertEquals(0, app.syncs());
    }
}
