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

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static com.hubstatus.testing.LambdaEvents.as;
import static com.hubstatus.testing.LambdaEvents.body;
import static com.hubstatus.testing.LambdaEvents.httpEvent;
import static com.hubstatus.testing.LambdaEvents.withBody;
import static com.hubstatus.testing.LambdaEvents.withHubId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes a client can retry: {@code POST /hubs} with an {@code Idempotency-Key} creates one hub
 * however often it is sent within 24 hours, and a hub's {@code ETag} guards {@code PATCH} and
 * {@code DELETE} through {@code If-Match}.
 */
@ExtendWith(TestSystemExtension.class)
class IdempotentWritesIT {

    private static final String OWNER = "user-owner-1";
    private static final String CONNECT_BODY = """
            {"app": "meta-business-manager", "name": "Marketing EU", "businessId": "1000000001",
             "serviceAccount": "sa-marketing"}""";

    private static APIGatewayV2HTTPResponse handle(TestSystem system, APIGatewayV2HTTPEvent event) {
        return new ConnectHubHandler(system.connectHub(), system.changeHub(), system.disconnectHub(), system.recheckHub(),
                system.requestRevalidation(), system.answerOnce(), system.identities).handleRequest(event, null);
    }

    private static APIGatewayV2HTTPEvent connect(String workspace, String user, String body, String key) {
        return withHeader(withBody(as(httpEvent("ConnectHubFunction/ConnectHub.json"), user, workspace, "[]"), body),
                "Idempotency-Key", key);
    }

    private static APIGatewayV2HTTPEvent withHeader(APIGatewayV2HTTPEvent event, String name, String value) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put(name, value);
        event.setHeaders(headers);
        return event;
    }

    private static int hubsIn(TestSystem system, String workspace) {
        return system.store.standingCounts(workspace, OWNER).values().stream()
                .flatMap(counts -> counts.values().stream()).mapToInt(Integer::intValue).sum();
    }

    @Test
    void aConnectSentTwiceWithTheSameKeyCreatesOneHubAndGetsTheFirstAnswerAgain(TestSystem system) {
        // when
        APIGatewayV2HTTPResponse first = handle(system, connect("ws-idem", OWNER, CONNECT_BODY, "key-1"));
        system.clock.advance(Duration.ofHours(23));
        APIGatewayV2HTTPResponse again = handle(system, connect("ws-idem", OWNER, CONNECT_BODY, "key-1"));

        // then
        assertEquals(201, first.getStatusCode(), first.getBody());
        assertEquals(201, again.getStatusCode(), again.getBody());
        assertEquals(first.getBody(), again.getBody());
        assertEquals(first.getHeaders().get("location"), again.getHeaders().get("location"));
        assertEquals(first.getHeaders().get("etag"), again.getHeaders().get("etag"));
        assertEquals(1, hubsIn(system, "ws-idem"));
    }

    @Test
    void withoutAKeyEachConnectCreatesAHub(TestSystem system) {
        // when
        for (int i = 0; i < 2; i++) {
            APIGatewayV2HTTPEvent event = withBody(as(httpEvent("ConnectHubFunction/ConnectHub.json"), OWNER, "ws-nokey", "[]"),
                    CONNECT_BODY);
            assertEquals(201, handle(system, event).getStatusCode());
        }

        // then
        assertEquals(2, hubsIn(system, "ws-nokey"));
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedWith422AndCreatesNothing(TestSystem system) {
        // given
        handle(system, connect("ws-reused", OWNER, CONNECT_BODY, "key-1"));

        // when
        APIGatewayV2HTTPResponse reused = handle(system, connect("ws-reused", OWNER,
                CONNECT_BODY.replace("1000000001", "1000000002"), "key-1"));

        // then
        assertEquals(422, reused.getStatusCode(), reused.getBody());
        assertEquals("IDEMPOTENCY_KEY_REUSED", body(reused).at("/error/code").asText());
        assertEquals(1, hubsIn(system, "ws-reused"));
    }

    @Test
    void aKeyIsForgottenAfter24Hours(TestSystem system) {
        // given
        APIGatewayV2HTTPResponse first = handle(system, connect("ws-expiry", OWNER, CONNECT_BODY, "key-1"));

        // when
        system.clock.advance(Duration.ofHours(24).plusSeconds(1));
        APIGatewayV2HTTPResponse later = handle(system, connect("ws-expiry", OWNER, CONNECT_BODY, "key-1"));

        // then
        assertEquals(201, later.getStatusCode(), later.getBody());
        assertNotEquals(body(first).get("hubId"), body(later).get("hubId"));
        assertEquals(2, hubsIn(system, "ws-expiry"));
    }

    @Test
    void keysAreEachCallersOwn(TestSystem system) {
        // when: another owner of the same workspace happens to pick the same key
        handle(system, connect("ws-callers", OWNER, CONNECT_BODY, "key-1"));
        APIGatewayV2HTTPResponse other = handle(system, connect("ws-callers", "user-owner-2", CONNECT_BODY, "key-1"));

        // then
        assertEquals(201, other.getStatusCode(), other.getBody());
        assertEquals(OWNER, body(handle(system, connect("ws-callers", OWNER, CONNECT_BODY, "key-1"))).at("/owners/0").asText());
        assertEquals("user-owner-2", body(other).at("/owners/0").asText());
    }

    @Test
    void aRefusedRequestLeavesItsKeyFreeForTheCorrectedOne(TestSystem system) {
        // given: the first attempt names an app that does not exist
        APIGatewayV2HTTPResponse refused = handle(system, connect("ws-corrected", OWNER,
                CONNECT_BODY.replace("meta-business-manager", "no-such-app"), "key-1"));

        // when
        APIGatewayV2HTTPResponse corrected = handle(system, connect("ws-corrected", OWNER, CONNECT_BODY, "key-1"));

        // then
        assertEquals(400, refused.getStatusCode());
        assertEquals(201, corrected.getStatusCode(), corrected.getBody());
        assertEquals(1, hubsIn(system, "ws-corrected"));
    }

    @Test
    void aKeyThatIsNotVisibleAsciiIsRefusedWith400AndCreatesNothing(TestSystem system) {
        for (String key : new String[] {"", "has space", "ключ", "k".repeat(101)}) {
            // when
            APIGatewayV2HTTPResponse response = handle(system, connect("ws-badkey", OWNER, CONNECT_BODY, key));

            // then
            assertEquals(400, response.getStatusCode(), key);
            assertEquals("INVALID_PARAMETER", body(response).at("/error/code").asText());
        }
        assertEquals(0, hubsIn(system, "ws-badkey"));
    }

    @Test
    void aHubAnswerCarriesItsVersionAsETag(TestSystem system) {
        // when
        APIGatewayV2HTTPResponse created = handle(system, connect("ws-etag", OWNER, CONNECT_BODY, "key-1"));

        // then
        Hub hub = system.store.findHub("ws-etag", body(created).get("hubId").asText()).orElseThrow();
        assertEquals("\"" + hub.version() + "\"", created.getHeaders().get("etag"));
    }

    @Test
    void aChangeWithAStaleIfMatchIsRefusedWith412AndChangesNothing(TestSystem system) {
        // given: the client read the hub, then someone else renamed it
        Hub hub = system.connect("ws-stale", ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");
        String readTag = "\"" + hub.version() + "\"";
        assertEquals(200, handle(system, change("ws-stale", hub.hubId(), "{\"name\": \"Renamed\"}")).getStatusCode());

        // when
        APIGatewayV2HTTPResponse stale = handle(system, withHeader(change("ws-stale", hub.hubId(),
                "{\"name\": \"Mine\"}"), "If-Match", readTag));

        // then
        assertEquals(412, stale.getStatusCode(), stale.getBody());
        assertEquals("PRECONDITION_FAILED", body(stale).at("/error/code").asText());
        assertEquals("Renamed", system.store.findHub("ws-stale", hub.hubId()).orElseThrow().name());
    }

    @Test
    void aChangeWithTheCurrentETagIsMadeAndAnswersTheNextETag(TestSystem system) {
        // given
        Hub hub = system.connect("ws-current", ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");

        // when
        APIGatewayV2HTTPResponse changed = handle(system, withHeader(change("ws-current", hub.hubId(),
                "{\"name\": \"Mine\"}"), "If-Match", "\"" + hub.version() + "\""));

        // then
        assertEquals(200, changed.getStatusCode(), changed.getBody());
        Hub now = system.store.findHub("ws-current", hub.hubId()).orElseThrow();
        assertEquals("Mine", now.name());
        assertEquals("\"" + now.version() + "\"", changed.getHeaders().get("etag"));
        assertNotEquals("\"" + hub.version() + "\"", changed.getHeaders().get("etag"));
    }

    @Test
    void aDisconnectWithAStaleIfMatchIsRefusedWith412AndTheHubStays(TestSystem system) {
        // given
        Hub hub = system.connect("ws-keep", ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");
        handle(system, change("ws-keep", hub.hubId(), "{\"name\": \"Renamed\"}"));

        // when
        APIGatewayV2HTTPResponse stale = handle(system, withHeader(disconnect("ws-keep", hub.hubId()),
                "If-Match", "\"" + hub.version() + "\""));
        APIGatewayV2HTTPResponse any = handle(system, withHeader(disconnect("ws-keep", hub.hubId()), "If-Match", "*"));

        // then
        assertEquals(412, stale.getStatusCode(), stale.getBody());
        assertEquals(204, any.getStatusCode(), any.getBody());
        assertTrue(system.store.findHub("ws-keep", hub.hubId()).isEmpty());
    }

    @Test
    void anIfMatchThatIsNotAnETagIsRefusedWith400(TestSystem system) {
        // given
        Hub hub = system.connect("ws-badtag", ExternalApp.META_BUSINESS_MANAGER, "1000000001", "sa-marketing");

        // when
        APIGatewayV2HTTPResponse response = handle(system, withHeader(change("ws-badtag", hub.hubId(),
                "{\"name\": \"Mine\"}"), "If-Match", "W/\"1\""));

        // then
        assertEquals(400, response.getStatusCode());
        JsonNode error = body(response).get("error");
        assertEquals("INVALID_PARAMETER", error.get("code").asText());
        assertEquals(hub.name(), system.store.findHub("ws-badtag", hub.hubId()).orElseThrow().name());
    }

    private static APIGatewayV2HTTPEvent change(String workspace, String hubId, String body) {
        return withBody(withHubId(as(httpEvent("ConnectHubFunction/ChangeHub.json"), OWNER, workspace, "[]"), hubId), body);
    }

    private static APIGatewayV2HTTPEvent disconnect(String workspace, String hubId) {
        return withHubId(as(httpEvent("ConnectHubFunction/DisconnectHub.json"), OWNER, workspace, "[]"), hubId);
    }
}
