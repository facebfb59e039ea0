package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.hubstatus.json.Json;
import com.hubstatus.local.stack.OpenApiDocument.Operation;
import com.hubstatus.status.StatusPolicy;
import com.hubstatus.store.HubStore;
import com.hubstatus.usecase.AnswerOnce;
import com.hubstatus.usecase.Caller;
import com.hubstatus.usecase.port.IdempotencyRecords.StoredAnswer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The OpenAPI document the stack serves, held to the stack's real answers: every route is driven
 * through every answer it gives without special fixtures, and each answer's status, content type,
 * headers and body must be what the document describes for that operation and status (JSON
 * Schema validation). A JSON request body is held to the document too: one the API takes must be
 * valid for the operation's request schema, one it refuses as malformed or invalid must not be.
 * Which answers were seen, and which the document describes that a local stack cannot give, is
 * checked after the last test.
 */
class OpenApiAnswersIT {

    private static final String META = "meta-business-manager";
    private static final String OPERATORS = "hubstatus-operators";
    /** LinkedIn takes any business ID; a sync of this one fails with a hub-level automation failure. */
    private static final String AUTOMATION_FAILS = "LI-AUTOMATION-FAILS";
    private static final String NO_SUCH_HUB = "hub_01ZZZZZZZZZZZZZZZZZZZZZZZZ";
    /** 400 codes that say the body is malformed or invalid: the document's request schema must refuse such a body too. */
    private static final Set<String> BODY_REFUSALS = Set.of("MALFORMED_JSON", "UNKNOWN_FIELD", "MISSING_FIELD",
            "INVALID_FIELD", "UNKNOWN_APP", "EMPTY_CHANGE");

    /** The answers every operation must have been seen giving. */
    private static final Map<String, Set<Integer>> MUST_SEE = Map.of(
            "ConnectHub", Set.of(201, 400, 401, 409, 413, 415, 422),
            "ListHubs", Set.of(200, 400, 401),
            "GetHub", Set.of(200, 401, 404),
            "ChangeHub", Set.of(200, 400, 401, 403, 404, 412, 413, 415),
            "DisconnectHub", Set.of(204, 400, 401, 403, 404, 412),
            "GetHubHistory", Set.of(200, 400, 401, 404),
            "RunSync", Set.of(202, 400, 401, 403, 404, 409, 422),
            "RecheckHub", Set.of(202, 401, 403, 404, 409),
            "RequestRevalidation", Set.of(202, 401, 403, 404, 409),
            "ListReviews", Set.of(200, 400, 401, 403));
    /** What the document describes that a local stack cannot be made to answer, and why. */
    private static final Map<String, String> CANNOT_SEE_LOCALLY = Map.of(
            "* 429", "API Gateway's throttling, which the local stack does not model",
            "* 500", "a function failing unexpectedly",
            "* 503", "a function running past its timeout",
            "ChangeHub 409", "CONCURRENT_CHANGE: only when writes race past the store's retries",
            "DisconnectHub 409", "CONCURRENT_CHANGE: only when writes race past the store's retries");

    @RegisterExtension
    static final RunningStack RUNNING = RunningStack.ofRepositoryTemplate();

    /** Answers validated, by operation and status; request bodies held to their schema. */
    private static final Map<String, Integer> SEEN = new TreeMap<>();
    private static int requestBodiesChecked;
    private static int requestHeadersChecked;
    private static OpenApiDocument document;

    private final DevStack stack = RUNNING.stack();
    private final StackClient api = RUNNING.api();

    @BeforeAll
    static void readTheServedDocumentAndMakeOneLinkedInSyncFailAsAnAutomation() throws IOException {
        StackClient.Answer served = RUNNING.api().get(LocalHttpApi.OPENAPI_PATH, null);
        assertEquals(200, served.status(), served.toString());
        document = OpenApiDocument.of(new String(served.raw(), StandardCharsets.UTF_8));

        ObjectNode fixtures = (ObjectNode) Json.mapper().readTree(Files.readString(RUNNING.stack().fixtures()));
        fixtures.withObject("/syncFailures").putObject(AUTOMATION_FAILS)
                .put("cause", "AUTOMATION_FAILURE").put("detail", "The report export page changed.");
        Files.writeString(RUNNING.stack().fixtures(), fixtures.toPrettyString());
    }

    @Test
    void theStackServesTheRepositorysDocumentWithoutAToken() throws IOException {
        StackClient.Answer get = api.get(LocalHttpApi.OPENAPI_PATH, null);
        assertEquals(200, get.status());
        assertEquals("application/yaml", get.headers().firstValue("content-type").orElse(""));
        assertArrayEquals(Files.readAllBytes(OpenApiDocument.file()), get.raw());

        StackClient.Answer head = api.send(api.request(LocalHttpApi.OPENAPI_PATH, null)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.status());
        assertEquals(0, head.raw().length);
        StackClient.Answer post = api.post(LocalHttpApi.OPENAPI_PATH, null, "{}");
        assertEquals(405, post.status());
        assertEquals("GET, HEAD", post.headers().firstValue("allow").orElse(""));
    }

    @Test
    void connectingAHubAnswersAsDocumented() {
        String connie = token("connie", "ws-connect");
        String hub = "{\"app\":\"meta-business-manager\",\"name\":\"Marketing EU\",\"businessId\":\"1000000001\","
                + "\"serviceAccount\":\"sa-marketing\"";

        // taken
        expect(201, post("/hubs", connie, hub + ",\"managers\":[\"bob\",\"carol\"]}"));
        expect(201, post("/hubs", connie, hub + "}"));
        expect(201, post("/hubs", connie, hub.replace("Marketing EU", "  Padded  ") + "}"));
        expect(201, post("/hubs", connie, hub.replace("Marketing EU", "Über Marketing 🚀 — Zürich") + "}"));
        expect(201, post("/hubs", connie, connectBody("linkedin-campaign-manager", "n".repeat(100), "B".repeat(64),
                "s".repeat(128), users("m", 30))));
        expect(201, send("POST", "/hubs", connie, Map.of("content-type", "application/json; charset=utf-8"), hub + "}"));

        // refused as malformed or invalid
        expectError(400, "MISSING_BODY", post("/hubs", connie, ""));
        expectError(400, "MISSING_BODY", send("POST", "/hubs", connie, Map.of(), null));
        for (String malformed : List.of("{", "[]", "\"hub\"", "null", "{\"app\":\"google-ads\",\"app\":\"google-ads\"}")) {
            expectError(400, "MALFORMED_JSON", post("/hubs", connie, malformed));
        }
        expectError(400, "UNKNOWN_FIELD", post("/hubs", connie, hub + ",\"password\":\"hunter2\"}"));
        expectError(400, "MISSING_FIELD", post("/hubs", connie, "{\"app\":\"google-ads\",\"businessId\":\"1\",\"serviceAccount\":\"s\"}"));
        expectError(400, "MISSING_FIELD", post("/hubs", connie, hub.replace("\"Marketing EU\"", "null") + "}"));
        expectError(400, "UNKNOWN_APP", post("/hubs", connie, hub.replace(META, "myspace") + "}"));
        List<String> invalid = new ArrayList<>(List.of(
                hub.replace("Marketing EU", "n".repeat(101)) + "}",
                hub.replace("Marketing EU", "Zero\\u200bwidth") + "}",
                hub.replace("Marketing EU", "Line\\u2028separator") + "}",
                hub.replace("Marketing EU", "Paragraph\\u2029separator") + "}",
                hub.replace("Marketing EU", "Bell\\u0007inside") + "}",
                hub.replace("Marketing EU", "Unassigned\\u0378") + "}",
                hub.replace("Marketing EU", "Lone\\ud800surrogate") + "}",
                hub.replace("\"Marketing EU\"", "42") + "}",
                hub.replace("1000000001", "bad id!") + "}",
                hub.replace("1000000001", "B".repeat(65)) + "}",
                hub.replace("1000000001", "-leading") + "}",
                hub.replace("sa-marketing", "sa marketing") + "}",
                hub.replace("sa-marketing", "s".repeat(129)) + "}",
                hub + ",\"managers\":\"bob\"}",
                hub + ",\"managers\":[7]}",
                hub + ",\"managers\":[\"bad user\"]}",
                hub + ",\"managers\":[\"" + "u".repeat(129) + "\"]}",
                hub + ",\"managers\":" + users("m", 31) + "}"));
        for (String body : invalid) {
            expectError(400, "INVALID_FIELD", post("/hubs", connie, body));
        }

        // too large, or not declared as JSON
        expectError(413, "BODY_TOO_LARGE", post("/hubs", connie, hub.replace("Marketing EU", "x".repeat(17 * 1024)) + "}"));
        byte[] overTenMiB = new byte[LocalHttpApi.MAX_BODY_BYTES + 1];
        expect(413, exchange("POST", "/hubs", connie, Map.of("content-type", "application/json"), overTenMiB));
        expectError(415, "UNSUPPORTED_MEDIA_TYPE", send("POST", "/hubs", connie, Map.of("content-type", "text/plain"), hub + "}"));
        expectError(415, "UNSUPPORTED_MEDIA_TYPE", send("POST", "/hubs", connie, Map.of(), hub + "}"));
        expectError(415, "UNSUPPORTED_MEDIA_TYPE", send("POST", "/hubs", connie,
                Map.of("content-type", "application/jsonx"), hub + "}"));

        // an Idempotency-Key: a repeat gets the first answer and connects nothing more
        int connected = expect(200, get("/hubs", connie)).json().get("total").asInt();
        Map<String, String> key = Map.of("content-type", "application/json", "idempotency-key", "connect-1");
        StackClient.Answer first = expect(201, send("POST", "/hubs", connie, key, hub + "}"));
        StackClient.Answer repeat = expect(201, send("POST", "/hubs", connie, key, hub + "}"));
        assertSameAnswer(first, repeat, "location", "etag");
        assertEquals(connected + 1, expect(200, get("/hubs", connie)).json().get("total").asInt());
        // another caller's key of the same name is theirs
        expect(201, send("POST", "/hubs", token("cleo", "ws-connect"), key, hub + "}"));
        // the key with another body, an invalid key, and a key whose first request still runs
        expectError(422, "IDEMPOTENCY_KEY_REUSED", send("POST", "/hubs", connie, key,
                hub.replace("Marketing EU", "Marketing US") + "}"));
        for (String invalidKey : List.of("k".repeat(101), "not visible ascii")) {
            expectError(400, "INVALID_PARAMETER", send("POST", "/hubs", connie,
                    Map.of("content-type", "application/json", "idempotency-key", invalidKey), hub + "}"));
        }
        Map<String, String> running = Map.of("content-type", "application/json", "idempotency-key", "connect-running");
        whileTheFirstRequestRuns(new Caller("connie", "ws-connect", Set.of(), false), "POST /hubs", "connect-running",
                hub + "}", () -> expectError(409, "IDEMPOTENCY_KEY_IN_USE", send("POST", "/hubs", connie, running, hub + "}")));
        // a refused request leaves its key free for the corrected one
        Map<String, String> corrected = Map.of("content-type", "application/json", "idempotency-key", "connect-2");
        expectError(400, "UNKNOWN_APP", send("POST", "/hubs", connie, corrected, hub.replace(META, "myspace") + "}"));
        expect(201, send("POST", "/hubs", connie, corrected, hub + "}"));
        assertEquals(connected + 2, expect(200, get("/hubs", connie)).json().get("total").asInt());
    }

    @Test
    void readingHubsAnswersAsDocumented() throws Exception {
        String rita = token("rita", "ws-read");
        String walt = token("walt", "ws-read");
        String stranger = token("stranger", "ws-elsewhere");
        String eu = hubId(expect(201, post("/hubs", rita, connectBody(META, "Marketing EU", "1000000002", "sa-marketing",
                "[\"walt\"]"))));
        expect(201, post("/hubs", rita, connectBody("google-ads", "Search", "2000000001", "sa-search", "[\"walt\"]")));
        expect(201, post("/hubs", rita, connectBody("linkedin-campaign-manager", "Careers", "LI-1", "sa-no-mfa", "[]")));
        settle();

        // lists, filtered and paged
        JsonNode all = expect(200, get("/hubs", rita)).json();
        assertEquals(3, all.get("total").asInt());
        expect(200, get("/hubs", walt));
        expect(200, get("/hubs", stranger));
        expect(200, get("/hubs?status=REQUIRES_SYNC", rita));
        expect(200, get("/hubs?status=REQUIRES_SYNC,REVIEW_SERVICE_ACCOUNT,HEALTHY", rita));
        expect(200, get("/hubs?app=google-ads&limit=200", rita));
        String cursor = expect(200, get("/hubs?limit=1", rita)).json().get("nextCursor").asText();
        expect(200, get("/hubs?limit=1&cursor=" + cursor, rita));
        String waltsCursor = expect(200, get("/hubs?limit=1", walt)).json().get("nextCursor").asText();
        for (String query : List.of("status=BOGUS", "status=", "status=HEALTHY,,REQUIRES_SYNC", "app=myspace",
                "limit=0", "limit=201", "limit=ten", "limit=07", "page=2")) {
            expectError(400, "INVALID_PARAMETER", get("/hubs?" + query, rita));
        }
        for (String query : List.of("cursor=garbage", "cursor=" + waltsCursor, "limit=1&status=HEALTHY&cursor=" + cursor)) {
            expectError(400, "INVALID_CURSOR", get("/hubs?" + query, rita));
        }

        // one hub, as its owner, its manager and anyone else sees it
        expect(200, get("/hubs/" + eu, rita));
        assertEquals("MANAGER", expect(200, get("/hubs/" + eu, walt)).json().get("role").asText());
        expect(200, get("/hubs/" + eu + "?unknown=parameter", rita));
        expectError(404, "HUB_NOT_FOUND", get("/hubs/" + eu, stranger));
        expectError(404, "HUB_NOT_FOUND", get("/hubs/" + NO_SUCH_HUB, rita));
        expectError(404, "HUB_NOT_FOUND", get("/hubs/not.a.hub", rita));

        // its history, paged
        expect(200, get("/hubs/" + eu + "/history", walt));
        String historyCursor = expect(200, get("/hubs/" + eu + "/history?limit=1", rita)).json().get("nextCursor").asText();
        expect(200, get("/hubs/" + eu + "/history?limit=1&cursor=" + historyCursor, rita));
        for (String query : List.of("limit=0", "limit=201", "status=HEALTHY")) {
            expectError(400, "INVALID_PARAMETER", get("/hubs/" + eu + "/history?" + query, rita));
        }
        expectError(400, "INVALID_CURSOR", get("/hubs/" + eu + "/history?cursor=garbage", rita));
        expectError(400, "INVALID_CURSOR", get("/hubs/" + eu + "/history?cursor=" + cursor, rita));
        expectError(404, "HUB_NOT_FOUND", get("/hubs/" + eu + "/history", stranger));
        expectError(404, "HUB_NOT_FOUND", get("/hubs/" + NO_SUCH_HUB + "/history", rita));
    }

    @Test
    void changingAndDisconnectingAHubAnswerAsDocumented() throws Exception {
        String olga = token("olga", "ws-change");
        String max = token("max", "ws-change");
        String stranger = token("stranger", "ws-elsewhere");
        String hub = hubId(expect(201, post("/hubs", olga, connectBody(META, "Marketing", "1000000003", "sa-marketing",
                "[\"max\"]"))));
        String spare = hubId(expect(201, post("/hubs", olga, connectBody(META, "Spare", "1000000002", "sa-marketing", "[]"))));
        settle();

        // changes an owner makes
        expect(200, patch("/hubs/" + hub, olga, "{\"name\":\"Marketing EMEA\"}"));
        stack.pause();
        JsonNode rechecked = expect(200, patch("/hubs/" + hub, olga, "{\"businessId\":\"1000000001\"}")).json();
        assertEquals("CONFIGURATION_CHANGED", rechecked.at("/check/trigger").asText(), rechecked.toString());
        stack.resume();
        settle();
        expect(200, patch("/hubs/" + hub, olga, "{\"serviceAccount\":\"sa-marketing/eu@corp:1\"}"));
        expect(200, patch("/hubs/" + hub, olga, "{\"owners\":" + users("o", 9).replace("[", "[\"olga\",") + "}"));
        expect(200, patch("/hubs/" + hub, olga, "{\"owners\":[\"olga\"],\"managers\":" + users("m", 30) + "}"));
        expect(200, patch("/hubs/" + hub, olga, "{\"managers\":[\"max\"],\"name\":\"Marketing\"}"));
        settle();

        // refused as malformed or invalid
        expectError(400, "MISSING_BODY", patch("/hubs/" + hub, olga, ""));
        expectError(400, "MALFORMED_JSON", patch("/hubs/" + hub, olga, "{\"name\":"));
        expectError(400, "MALFORMED_JSON", patch("/hubs/" + hub, olga, "[{\"name\":\"x\"}]"));
        expectError(400, "EMPTY_CHANGE", patch("/hubs/" + hub, olga, "{}"));
        expectError(400, "UNKNOWN_FIELD", patch("/hubs/" + hub, olga, "{\"name\":\"x\",\"app\":\"google-ads\"}"));
        for (String body : List.of("{\"owners\":[]}", "{\"owners\":" + users("o", 11) + "}", "{\"name\":null}",
                "{\"name\":\"" + "n".repeat(101) + "\"}", "{\"businessId\":\"bad id\"}", "{\"managers\":\"max\"}",
                "{\"managers\":" + users("m", 31) + "}", "{\"serviceAccount\":\"\"}", "{\"owners\":[\"olga\", 1]}")) {
            expectError(400, "INVALID_FIELD", patch("/hubs/" + hub, olga, body));
        }
        expectError(413, "BODY_TOO_LARGE", patch("/hubs/" + hub, olga, "{\"name\":\"" + "x".repeat(17 * 1024) + "\"}"));
        expectError(415, "UNSUPPORTED_MEDIA_TYPE", send("PATCH", "/hubs/" + hub, olga,
                Map.of("content-type", "application/x-www-form-urlencoded"), "name=x"));

        // refused to a manager, and to anyone who does not see the hub
        expectError(403, "FORBIDDEN", patch("/hubs/" + hub, max, "{\"name\":\"Mine\"}"));
        expectError(403, "FORBIDDEN", send("DELETE", "/hubs/" + hub, max, Map.of(), null));
        expectError(404, "HUB_NOT_FOUND", patch("/hubs/" + hub, stranger, "{\"name\":\"Mine\"}"));
        expectError(404, "HUB_NOT_FOUND", patch("/hubs/" + NO_SUCH_HUB, olga, "{\"name\":\"Mine\"}"));
        expectError(404, "HUB_NOT_FOUND", send("DELETE", "/hubs/" + hub, stranger, Map.of(), null));
        expectError(404, "HUB_NOT_FOUND", send("DELETE", "/hubs/" + NO_SUCH_HUB, olga, Map.of(), null));

        // If-Match: the ETag as read, then stale, then any version; and values that are no ETag
        String read = expect(200, get("/hubs/" + hub, max)).headers().firstValue("etag").orElseThrow();
        StackClient.Answer matched = expect(200, send("PATCH", "/hubs/" + hub, olga,
                Map.of("content-type", "application/json", "if-match", read), "{\"name\":\"Marketing EU\"}"));
        String changed = matched.headers().firstValue("etag").orElseThrow();
        assertNotEquals(read, changed);
        assertEquals(changed, expect(200, get("/hubs/" + hub, olga)).headers().firstValue("etag").orElseThrow());
        expectError(412, "PRECONDITION_FAILED", send("PATCH", "/hubs/" + hub, olga,
                Map.of("content-type", "application/json", "if-match", read), "{\"name\":\"Stale\"}"));
        expect(200, send("PATCH", "/hubs/" + hub, olga,
                Map.of("content-type", "application/json", "if-match", read + ", " + changed), "{\"name\":\"Marketing\"}"));
        expect(200, send("PATCH", "/hubs/" + hub, olga, Map.of("content-type", "application/json", "if-match", "*"),
                "{\"name\":\"Marketing\"}"));
        assertEquals("Marketing", expect(200, get("/hubs/" + hub, olga)).json().get("name").asText());
        for (String notAnETag : List.of("W/" + changed, "7", "\"v7\"")) {
            expectError(400, "INVALID_PARAMETER", send("PATCH", "/hubs/" + hub, olga,
                    Map.of("content-type", "application/json", "if-match", notAnETag), "{\"name\":\"Other\"}"));
            expectError(400, "INVALID_PARAMETER", send("DELETE", "/hubs/" + spare, olga, Map.of("if-match", notAnETag), null));
        }
        String spareTag = expect(200, get("/hubs/" + spare, olga)).headers().firstValue("etag").orElseThrow();
        expect(200, patch("/hubs/" + spare, olga, "{\"name\":\"Spare parts\"}"));
        expectError(412, "PRECONDITION_FAILED", send("DELETE", "/hubs/" + spare, olga, Map.of("if-match", spareTag), null));
        expect(200, get("/hubs/" + spare, olga));
        String spareNow = expect(200, get("/hubs/" + spare, olga)).headers().firstValue("etag").orElseThrow();
        expect(204, send("DELETE", "/hubs/" + spare, olga, Map.of("if-match", spareNow), null));
        expectError(404, "HUB_NOT_FOUND", get("/hubs/" + spare, olga));

        // disconnected, then gone
        expect(204, send("DELETE", "/hubs/" + hub, olga, Map.of(), null));
        expectError(404, "HUB_NOT_FOUND", get("/hubs/" + hub, olga));
        expectError(404, "HUB_NOT_FOUND", get("/hubs/" + hub + "/history", olga));
        expectError(404, "HUB_NOT_FOUND", send("DELETE", "/hubs/" + hub, olga, Map.of(), null));
    }

    @Test
    void syncsAndChecksAnswerAsDocumented() throws Exception {
        String sam = token("sam", "ws-sync");
        String mia = token("mia", "ws-sync");
        String stranger = token("stranger", "ws-elsewhere");
        String healthy = hubId(expect(201, post("/hubs", sam, connectBody(META, "Works", "1000000001", "sa-marketing",
                "[\"mia\"]"))));
        String failing = hubId(expect(201, post("/hubs", sam, connectBody(META, "Times out", "1000000005", "sa-marketing", "[]"))));
        String noMfa = hubId(expect(201, post("/hubs", sam, connectBody(META, "No MFA", "1000000004", "sa-no-mfa", "[]"))));
        settle();

        // a sync asked for, asked for again, and by those who may not
        stack.pause();
        JsonNode started = expect(202, post("/hubs/" + healthy + "/sync", sam, null)).json();
        assertEquals("REQUESTED", started.at("/syncRun/state").asText());
        expectError(409, "SYNC_ALREADY_RUNNING", post("/hubs/" + healthy + "/sync", sam, null));
        expectError(403, "FORBIDDEN", post("/hubs/" + healthy + "/sync", mia, null));
        expectError(404, "HUB_NOT_FOUND", post("/hubs/" + healthy + "/sync", stranger, null));
        expectError(404, "HUB_NOT_FOUND", post("/hubs/" + NO_SUCH_HUB + "/sync", sam, null));
        expect(202, post("/hubs/" + failing + "/sync", sam, "{\"ignored\":true}"));
        stack.resume();
        settle();
        assertEquals("SUCCEEDED", expect(200, get("/hubs/" + healthy, mia)).json().at("/sync/lastAttempt/outcome").asText());
        JsonNode failed = expect(200, get("/hubs/" + failing, sam)).json();
        assertEquals("TRANSIENT", failed.at("/sync/lastAttempt/cause").asText(), failed.toString());

        // a re-check asked for, asked for again, and by those who may not
        stack.pause();
        JsonNode check = expect(202, post("/hubs/" + noMfa + "/check", sam, null)).json();
        assertEquals("OWNER_REQUESTED", check.at("/check/trigger").asText(), check.toString());
        expectError(409, "CHECK_ALREADY_RUNNING", post("/hubs/" + noMfa + "/check", sam, null));
        expectError(403, "FORBIDDEN", post("/hubs/" + healthy + "/check", mia, null));
        expectError(404, "HUB_NOT_FOUND", post("/hubs/" + healthy + "/check", stranger, null));
        expectError(404, "HUB_NOT_FOUND", post("/hubs/" + NO_SUCH_HUB + "/check", sam, null));
        // a hub its integration's first validation has yet to check
        String validating = hubId(expect(201, post("/hubs", sam, connectBody("google-ads", "Search", "2000000002",
                "sa-search", "[]"))));
        expectError(409, "CHECK_ALREADY_RUNNING", post("/hubs/" + validating + "/check", sam, null));
        // a hub connected after its integration's validation: a check of its own
        JsonNode late = expect(201, post("/hubs", sam, connectBody(META, "Late", "1000000002", "sa-marketing", "[]"))).json();
        assertEquals("CONNECTED", late.at("/check/trigger").asText(), late.toString());
        stack.resume();
        settle();

        // an Idempotency-Key: a repeat gets the first answer, though the sync it asked for has run
        Map<String, String> key = Map.of("idempotency-key", "sync-1");
        StackClient.Answer first = expect(202, send("POST", "/hubs/" + healthy + "/sync", sam, key, null));
        settle();
        String firstRun = first.json().at("/syncRun/runId").asText();
        assertEquals(firstRun, expect(200, get("/hubs/" + healthy, sam)).json().at("/sync/lastAttempt/runId").asText());
        assertSameAnswer(first, expect(202, send("POST", "/hubs/" + healthy + "/sync", sam, key, null)), "etag");
        settle();
        assertEquals(firstRun, expect(200, get("/hubs/" + healthy, sam)).json().at("/sync/lastAttempt/runId").asText());
        // the key for another hub, an invalid key, and a key whose first request still runs
        expectError(422, "IDEMPOTENCY_KEY_REUSED", send("POST", "/hubs/" + failing + "/sync", sam, key, null));
        expectError(400, "INVALID_PARAMETER", send("POST", "/hubs/" + healthy + "/sync", sam,
                Map.of("idempotency-key", "not visible ascii"), null));
        whileTheFirstRequestRuns(new Caller("sam", "ws-sync", Set.of(), false), "POST /hubs/{hubId}/sync", "sync-running",
                healthy, () -> expectError(409, "IDEMPOTENCY_KEY_IN_USE", send("POST", "/hubs/" + healthy + "/sync", sam,
                        Map.of("idempotency-key", "sync-running"), null)));
        settle();
    }

    @Test
    void operatorRoutesAnswerAsDocumented() throws Exception {
        String tina = token("tina", "ws-ops");
        String otto = token("otto", "ws-ops", OPERATORS);
        String distantOperator = token("oscar", "ws-nohubs", OPERATORS);
        expect(201, post("/hubs", tina, connectBody("tiktok-business-center", "TikTok Ads", "7000000001", "sa-marketing", "[]")));
        String linkedIn = hubId(expect(201, post("/hubs", tina, connectBody("linkedin-campaign-manager", "Careers",
                AUTOMATION_FAILS, "sa-marketing", "[]"))));
        settle();
        expect(202, post("/hubs/" + linkedIn + "/sync", tina, null));
        settle();
        assertEquals("UNDER_REVIEW", expect(200, get("/hubs/" + linkedIn, tina)).json().at("/status/code").asText());

        // the review queue: a whole integration and a hub of its own
        JsonNode queue = expect(200, get("/reviews", otto)).json();
        Set<String> kinds = new TreeSet<>();
        queue.get("reviews").forEach(review -> kinds.add(review.get("kind").asText()));
        assertEquals(Set.of("HUB", "INTEGRATION"), kinds, queue.toString());
        expect(200, get("/reviews", distantOperator));
        String cursor = expect(200, get("/reviews?limit=1", otto)).json().get("nextCursor").asText();
        expect(200, get("/reviews?limit=1&cursor=" + cursor, otto));
        for (String query : List.of("limit=0", "limit=201", "status=UNDER_REVIEW")) {
            expectError(400, "INVALID_PARAMETER", get("/reviews?" + query, otto));
        }
        expectError(400, "INVALID_CURSOR", get("/reviews?cursor=garbage", otto));
        expectError(403, "FORBIDDEN", get("/reviews", tina));

        // a re-validation: refused to others, of an integration the workspace lacks, asked for twice
        expectError(403, "FORBIDDEN", post("/apps/tiktok-business-center/revalidation", tina, null));
        expectError(404, "INTEGRATION_NOT_FOUND", post("/apps/google-ads/revalidation", otto, null));
        expectError(404, "INTEGRATION_NOT_FOUND", post("/apps/myspace/revalidation", otto, null));
        expectError(404, "INTEGRATION_NOT_FOUND", post("/apps/tiktok-business-center/revalidation", distantOperator, null));
        stack.pause();
        JsonNode cohort = expect(202, post("/apps/tiktok-business-center/revalidation", otto, null)).json();
        assertEquals("REVALIDATION", cohort.at("/run/kind").asText(), cohort.toString());
        assertEquals("INTEGRATION_AUTOMATION_FAILED", cohort.at("/review/code").asText(), cohort.toString());
        expectError(409, "VALIDATION_ALREADY_RUNNING", post("/apps/tiktok-business-center/revalidation", otto, null));
        stack.resume();
        settle();
    }

    @Test
    void everyRouteRefusesAMissingForgedOrIdentitylessTokenAsDocumented() {
        String hubPath = "/hubs/" + NO_SUCH_HUB;
        // a token that passes the authorizer, but whose workspace claim is no workspace id
        String identityless = stack.token("ivy", "not a workspace", List.of());
        for (String route : List.of("POST /hubs", "GET /hubs", "GET " + hubPath, "PATCH " + hubPath, "DELETE " + hubPath,
                "GET " + hubPath + "/history", "POST " + hubPath + "/sync", "POST " + hubPath + "/check",
                "POST /apps/google-ads/revalidation", "GET /reviews")) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            byte[] body = method.equals("POST") || method.equals("PATCH") ? "{}".getBytes(StandardCharsets.UTF_8) : null;
            Map<String, String> json = body == null ? Map.of() : Map.of("content-type", "application/json");
            for (String token : Arrays.asList(null, "not-a-token")) {
                StackClient.Answer refused = exchange(method, path, token, json, body);
                expect(401, refused);
                assertEquals("{\"message\":\"Unauthorized\"}", new String(refused.raw(), StandardCharsets.UTF_8), route);
            }
            expectError(401, "UNAUTHENTICATED", exchange(method, path, identityless, json, body));
        }
    }

    @AfterAll
    static void everyAnswerTheDocumentDescribesWasSeenOrCannotBeGivenLocally() {
        Map<String, Set<Integer>> seen = new TreeMap<>();
        SEEN.keySet().forEach(key -> seen.computeIfAbsent(key.substring(0, key.indexOf(' ')), k -> new TreeSet<>())
                .add(Integer.parseInt(key.substring(key.indexOf(' ') + 1))));
        System.out.println("OpenAPI answers validated, by operation and status (" + SEEN.values().stream()
                .mapToInt(Integer::intValue).sum() + " in all; " + requestBodiesChecked + " request bodies and " + requestHeadersChecked
                + " request headers checked):");
        SEEN.forEach((key, count) -> System.out.println("  " + key + ": " + count));

        List<String> problems = new ArrayList<>();
        MUST_SEE.forEach((operation, statuses) -> statuses.stream()
                .filter(status -> !seen.getOrDefault(operation, Set.of()).contains(status))
                .forEach(status -> problems.add(operation + " " + status + " was not seen")));
        for (Operation operation : document.operations()) {
            operation.node().path("responses").fieldNames().forEachRemaining(status -> {
                String key = operation.operationId() + " " + status;
                boolean accounted = seen.getOrDefault(operation.operationId(), Set.of()).contains(Integer.parseInt(status))
                        || CANNOT_SEE_LOCALLY.containsKey(key) || CANNOT_SEE_LOCALLY.containsKey("* " + status);
                if (!accounted) {
                    problems.add(key + " is described, but neither seen nor known to be out of a local stack's reach");
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    // ---- requests, each held to the document ------------------------------------------------------

    private StackClient.Answer get(String path, String token) {
        return send("GET", path, token, Map.of(), null);
    }

    private StackClient.Answer post(String path, String token, String json) {
        return send("POST", path, token, json == null ? Map.of() : Map.of("content-type", "application/json"), json);
    }

    private StackClient.Answer patch(String path, String token, String json) {
        return send("PATCH", path, token, Map.of("content-type", "application/json"), json);
    }

    private StackClient.Answer send(String method, String path, String token, Map<String, String> headers, String body) {
        return exchange(method, path, token, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a request, and fails unless the document describes its answer; records what was seen. */
    private StackClient.Answer exchange(String method, String path, String token, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = api.request(path, token);
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        StackClient.Answer answer = api.send(request);

        String route = method + " " + path;
        Operation operation = document.operation(method, path.split("\\?", 2)[0])
                .orElseThrow(() -> new AssertionError("the document has no operation for " + route));
        List<String> problems = document.answerProblems(operation, answer.status(), answer.headers().map(), answer.raw());
        if (!problems.isEmpty()) {
            fail(route + " answered " + abbreviate(answer.toString()) + " " + answer.headers().map()
                    + ", which the document does not describe:\n  " + String.join("\n  ", problems));
        }
        holdRequestBodyToTheDocument(route, operation, headers, body, answer);
        holdRequestHeadersToTheDocument(route, operation, headers, answer);
        synchronized (SEEN) {
            SEEN.merge(operation.operationId() + " " + answer.status(), 1, Integer::sum);
        }
        return answer;
    }

    /**
     * A JSON body the API takes is valid for the operation's request schema; one it refuses as
     * malformed or invalid is not.
     */
    private void holdRequestBodyToTheDocument(String route, Operation operation, Map<String, String> headers, byte[] body,
                                              StackClient.Answer answer) {
        boolean sentAsJson = headers.entrySet().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("content-type")
                && h.getValue().toLowerCase().startsWith("application/json"));
        if (!operation.node().has("requestBody") || body == null || body.length == 0 || !sentAsJson) {
            return;
        }
        JsonNode sent;
        try {
            sent = Json.mapper().readTree(body);
        } catch (IOException notJson) {
            return;
        }
        boolean taken = answer.status() / 100 == 2;
        boolean refusedAsInvalid = answer.status() == 400 && BODY_REFUSALS.contains(answer.json().at("/error/code").asText());
        if (!taken && !refusedAsInvalid) {
            return;
        }
        List<String> problems = document.problems(operation.pointer() + "/requestBody/content/application~1json/schema", sent);
        if (taken && !problems.isEmpty()) {
            fail(route + " took " + abbreviate(sent.toString()) + ", which its request schema refuses: " + problems);
        }
        if (refusedAsInvalid && problems.isEmpty()) {
            fail(route + " refused " + abbreviate(sent.toString()) + " (" + abbreviate(answer.toString())
                    + "), which its request schema takes");
        }
        synchronized (SEEN) {
            requestBodiesChecked++;
        }
    }

    /**
     * A header parameter the operation declares (Idempotency-Key, If-Match) is valid for its schema
     * when the API takes the request; when it is the only one sent and the API refuses the request
     * as {@code INVALID_PARAMETER}, it is not.
     */
    private void holdRequestHeadersToTheDocument(String route, Operation operation, Map<String, String> headers,
                                                 StackClient.Answer answer) {
        Map<String, String> sent = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sent.putAll(headers);
        Map<String, List<String>> problemsByHeader = new TreeMap<>();
        JsonNode parameters = operation.node().path("parameters");
        for (int i = 0; i < parameters.size(); i++) {
            OpenApiDocument.Located parameter = document.resolve(new OpenApiDocument.Located(parameters.get(i),
                    operation.pointer() + "/parameters/" + i));
            String name = parameter.node().path("name").asText();
            if (parameter.node().path("in").asText().equals("header") && sent.containsKey(name)) {
                problemsByHeader.put(name + ": " + sent.get(name),
                        document.problems(parameter.pointer() + "/schema", TextNode.valueOf(sent.get(name))));
            }
        }
        if (problemsByHeader.isEmpty()) {
            return;
        }
        if (answer.status() / 100 == 2) {
            problemsByHeader.forEach((header, problems) -> {
                if (!problems.isEmpty()) {
                    fail(route + " took " + header + ", which its schema refuses: " + problems);
                }
            });
        }
        boolean refused = answer.status() == 400 && answer.json().at("/error/code").asText().equals("INVALID_PARAMETER");
        if (refused && problemsByHeader.size() == 1 && problemsByHeader.values().iterator().next().isEmpty()) {
            fail(route + " refused " + problemsByHeader.keySet() + " (" + abbreviate(answer.toString())
                    + "), which its schema takes");
        }
        synchronized (SEEN) {
            requestHeadersChecked++;
        }
    }

    // ---- steps ------------------------------------------------------------------------------------

    /**
     * Runs {@code repeat} while a first request with the key is under way: the first request is
     * taken through the functions' own {@link AnswerOnce}, on the stack's table over HTTP, and is
     * held open until {@code repeat} has run; it then fails, which leaves the key free.
     */
    private void whileTheFirstRequestRuns(Caller caller, String routeKey, String key, String request, Runnable repeat) {
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(stack.dynamoEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            AnswerOnce answerOnce = new AnswerOnce(new HubStore(dynamo, DevStack.TABLE_NAME, StatusPolicy.defaults()),
                    stack.clock());
            StoredAnswer answer = answerOnce.answer(caller, routeKey, key, request, () -> {
                repeat.run();
                return new StoredAnswer(503, Map.of(), "");
            });
            assertEquals(503, answer.status());
        }
    }

    /** A repeat's answer is the first one: status, body, and the headers named. */
    private static void assertSameAnswer(StackClient.Answer first, StackClient.Answer repeat, String... headers) {
        assertEquals(first.status(), repeat.status());
        assertEquals(new String(first.raw(), StandardCharsets.UTF_8), new String(repeat.raw(), StandardCharsets.UTF_8));
        for (String header : headers) {
            assertEquals(first.headers().firstValue(header), repeat.headers().firstValue(header), header);
            assertTrue(first.headers().firstValue(header).isPresent(), header);
        }
    }

    private static StackClient.Answer expect(int status, StackClient.Answer answer) {
        assertEquals(status, answer.status(), abbreviate(answer.toString()));
        return answer;
    }

    private static void expectError(int status, String code, StackClient.Answer answer) {
        expect(status, answer);
        assertEquals(code, answer.json().at("/error/code").asText(), abbreviate(answer.toString()));
    }

    private static String hubId(StackClient.Answer connected) {
        return connected.json().get("hubId").asText();
    }

    private String token(String user, String workspace, String... groups) {
        return stack.token(user, workspace, List.of(groups));
    }

    private void settle() throws InterruptedException, TimeoutException {
        stack.awaitIdle(Duration.ofSeconds(60));
    }

    private static String connectBody(String app, String name, String businessId, String serviceAccount, String managers) {
        ObjectNode body = Json.mapper().createObjectNode()
                .put("app", app).put("name", name).put("businessId", businessId).put("serviceAccount", serviceAccount);
        try {
            body.set("managers", Json.mapper().readTree(managers));
        } catch (IOException e) {
            throw new IllegalArgumentException(managers, e);
        }
        return body.toString();
    }

    /** A JSON array of {@code count} distinct user ids. */
    private static String users(String prefix, int count) {
        ArrayNode users = Json.mapper().createArrayNode();
        IntStream.rangeClosed(1, count).forEach(i -> users.add(prefix + i));
        return users.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + "…";
    }
}
