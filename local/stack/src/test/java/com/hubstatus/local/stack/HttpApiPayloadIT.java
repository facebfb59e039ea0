package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a function gets from the local HTTP API and what the caller gets back, seen through a
 * function that echoes its event (test-template.yaml).
 */
class HttpApiPayloadIT {

    @RegisterExtension
    static final RunningStack RUNNING = RunningStack.ofTestTemplate("/test-template.yaml");

    private final DevStack stack = RUNNING.stack();
    private final StackClient api = RUNNING.api();
    private final String token = stack.token("user-1", "ws-1", List.of("readers", "hubstatus-operators"));

    @Test
    void aRequestReachesItsFunctionAsAnHttpApiPayload2Event() {
        // when
        StackClient.Answer answer = api.send(api.request("/things/a%20b?x=1&x=2&y=%C3%A9&flag", token)
                .header("X-Custom", "one")
                .header("x-custom", "two")
                .header("Cookie", "a=1; b=2")
                .header("User-Agent", "stack-test")
                .GET());

        // then
        assertEquals(200, answer.status(), answer.toString());
        JsonNode event = answer.json().get("event");
        assertEquals("2.0", event.get("version").asText());
        assertEquals("GET /things/{thingId}", event.get("routeKey").asText());
        assertEquals("/things/a%20b", event.get("rawPath").asText());
        assertEquals("x=1&x=2&y=%C3%A9&flag", event.get("rawQueryString").asText());
        assertEquals("one,two", event.at("/headers/x-custom").asText(), "repeated headers joined");
        assertEquals("stack-test", event.at("/headers/user-agent").asText());
        assertTrue(event.get("headers").has("authorization"));
        assertFalse(event.get("headers").has("cookie"), "cookies move out of the headers");
        event.get("headers").fieldNames().forEachRemaining(name -> assertEquals(name.toLowerCase(), name));
        assertEquals("[\"a=1\",\"b=2\"]", event.get("cookies").toString());
        assertEquals("{\"x\":\"1,2\",\"y\":\"é\",\"flag\":\"\"}", event.get("queryStringParameters").toString());
        assertEquals("{\"thingId\":\"a b\"}", event.get("pathParameters").toString());
        assertTrue(event.get("body").isNull());
        assertFalse(event.get("isBase64Encoded").asBoolean());

        JsonNode context = event.get("requestContext");
        assertEquals("000000000000", context.get("accountId").asText());
        assertEquals("local", context.get("apiId").asText());
        assertEquals("127.0.0.1", context.get("domainName").asText());
        assertEquals("127", context.get("domainPrefix").asText());
        assertEquals("GET", context.at("/http/method").asText());
        assertEquals("/things/a%20b", context.at("/http/path").asText());
        assertEquals("HTTP/1.1", context.at("/http/protocol").asText());
        assertEquals("127.0.0.1", context.at("/http/sourceIp").asText());
        assertEquals("stack-test", context.at("/http/userAgent").asText());
        assertTrue(context.get("requestId").asText().matches("[A-Za-z0-9+/]{15}="), context.get("requestId").asText());
        assertEquals("GET /things/{thingId}", context.get("routeKey").asText());
        assertEquals("$default", context.get("stage").asText());
        assertTrue(context.get("time").asText().matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000"),
                context.get("time").asText());
        assertTrue(Math.abs(context.get("timeEpoch").asLong() - Instant.now().toEpochMilli()) < 60_000);

        JsonNode claims = context.at("/authorizer/jwt/claims");
        assertEquals("user-1", claims.get("sub").asText());
        assertEquals("ws-1", claims.get("workspace_id").asText());
        assertEquals("[readers hubstatus-operators]", claims.get("groups").asText(), "arrays flattened as API Gateway does");
        assertEquals(stack.issuer(), claims.get("iss").asText());
        assertEquals(stack.apiEndpoint().toString(), stack.issuer());
        assertEquals(DevStack.LOCAL_AUDIENCE, claims.get("aud").asText());
        assertTrue(claims.get("exp").isTextual() && claims.get("exp").asText().matches("\\d+"), "numbers as strings");
        assertTrue(context.at("/authorizer/jwt/scopes").isNull());
    }

    @Test
    void theFunctionRunsWithItsTemplateTimeoutMemoryAndTheStacksClock() {
        // when
        JsonNode answer = api.get("/things/1", token).json();

        // then
        assertEquals("EchoFunction", answer.get("functionName").asText());
        int remaining = answer.get("remainingMillis").asInt();
        assertTrue(remaining > 9_000 && remaining <= 11_000, "Timeout: 11 counts down: " + remaining);
        assertEquals(512, answer.get("memoryLimitInMB").asInt(), "Globals' MemorySize");
        Instant clock = Instant.parse(answer.get("clock").asText());
        assertTrue(Duration.between(stack.clock().instant(), clock).abs().toSeconds() < 60);
    }

    @Test
    void jsonAndTextBodiesArriveAsTheyAreAndOthersInBase64() {
        // when
        JsonNode json = api.post("/things", token, "{\"a\":1}").json().get("event");
        JsonNode binary = api.send(api.request("/things", token).header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 1, 2}))).json().get("event");

        // then
        assertEquals("{\"a\":1}", json.get("body").asText());
        assertFalse(json.get("isBase64Encoded").asBoolean());
        assertEquals("AAEC", binary.get("body").asText());
        assertTrue(binary.get("isBase64Encoded").asBoolean());
    }

    @Test
    void theMostSpecificRouteWinsAndAGreedyParameterTakesTheRestOfThePath() {
        assertEquals("GET /files/index", api.get("/files/index", token).json().at("/event/routeKey").asText());
        JsonNode greedy = api.get("/files/a/b%2Fc/d", token).json().get("event");
        assertEquals("ANY /files/{path+}", greedy.get("routeKey").asText());
        assertEquals("a/b/c/d", greedy.at("/pathParameters/path").asText());
        JsonNode anyMethod = api.send(api.request("/files/x", token).DELETE()).json().get("event");
        assertEquals("ANY /files/{path+}", anyMethod.get("routeKey").asText());
        assertEquals("DELETE", anyMethod.at("/requestContext/http/method").asText());
    }

    @Test
    void theFunctionsResponseIsTheAnswerWithItsStatusHeadersCookiesAndDecodedBody() {
        // when
        StackClient.Answer answer = api.get("/things/1?respond=binary", token);

        // then
        assertEquals(207, answer.status());
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, answer.raw());
        assertEquals("application/octet-stream", answer.headers().firstValue("content-type").orElseThrow());
        assertEquals(List.of("a", "b"), answer.headers().allValues("x-multi"));
        assertEquals(List.of("first=1; Path=/", "second=2"), answer.headers().allValues("set-cookie"));
        assertTrue(answer.headers().firstValue("apigw-requestid").isPresent());
    }

    @Test
    void aFunctionThatThrowsIsApiGatewaysInternalServerError() {
        StackClient.Answer answer = api.get("/things/1?respond=throw", token);

        assertEquals(500, answer.status());
        assertEquals("{\"message\":\"Internal Server Error\"}", new String(answer.raw()));
    }

    @Test
    void theAuthorizerGuardsEveryRouteButOneWithAuthorizerNone() {
        // an open route runs without a token, and its event has no authorizer
        StackClient.Answer open = api.get("/open", null);
        assertEquals(200, open.status(), open.toString());
        assertTrue(open.json().at("/event/requestContext/authorizer").isNull());

        // a token without the Bearer prefix is taken, as API Gateway takes it
        StackClient.Answer raw = api.send(api.request("/things/1", null).header("authorization", token).GET());
        assertEquals(200, raw.status());

        // a route with authorization scopes refuses a token without them
        StackClient.Answer scoped = api.get("/scoped", token);
        assertEquals(403, scoped.status());
        assertEquals("{\"message\":\"Forbidden\"}", new String(scoped.raw()));

        // and the authorizer comes before the route's function: nothing runs without a token
        assertEquals(401, api.get("/things/1", null).status());
        assertEquals(404, api.get("/nothing/here", null).status());
    }

    @Test
    void theLocalControlsAnswerAndRefuseLikeTheApi() {
        assertEquals(400, api.post("/_local/clock", null, "{\"advance\":\"-PT1H\"}").status());
        assertEquals("the clock only moves forward",
                api.post("/_local/clock", null, "{\"advance\":\"-PT1H\"}").json().get("message").asText());
        assertEquals(400, api.post("/_local/clock", null, "{\"advance\":\"tomorrow\"}").status());
        assertEquals(400, api.post("/_local/clock", null, "{\"by\":\"PT1H\"}").status());
        assertEquals(200, api.get("/_local/clock", null).status());
        assertEquals(400, api.post("/_local/tokens", null, "{\"user\":\"has space\",\"workspace\":\"ws\"}").status());
        assertEquals(400, api.post("/_local/tokens", null, "{\"user\":\"u\",\"workspace\":\"ws\",\"groups\":\"g\"}").status());
        assertEquals(400, api.post("/_local/tokens", null, "not json").status());
        assertEquals(405, api.get("/_local/tokens", null).status());
        assertEquals(404, api.get("/_local/nothing", null).status());
        assertEquals(405, api.get("/_local/settle", null).status());
        assertEquals(200, api.post("/_local/pause", null, null).status());
        StackClient.Answer whilePaused = api.post("/_local/settle", null, null);
        assertEquals(409, whilePaused.status(), "settling would never end");
        assertEquals("deliveries are paused: POST /_local/resume first", whilePaused.json().get("message").asText());
        assertEquals(200, api.post("/_local/resume", null, null).status());
        assertEquals("{\"settled\":true}", new String(api.post("/_local/settle", null, null).raw()));
        StackClient.Answer issued = api.post("/_local/tokens", null, "{\"user\":\"u\",\"workspace\":\"ws\"}");
        assertEquals(200, issued.status());
        assertEquals(200, api.get("/things/1", issued.json().get("token").asText()).status());
    }
}
