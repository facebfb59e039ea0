package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's quickstart walk, over real HTTP against a stack started from template.yaml: the
 * real handlers, the DynamoDB engine, the bus and the schedules, on the default fixtures.
 */
class DevStackEndToEndIT {

    private static final String META = "meta-business-manager";
    private static final String TIKTOK = "tiktok-business-center";

    @RegisterExtension
    static final RunningStack RUNNING = RunningStack.ofRepositoryTemplate();

    private final DevStack stack = RUNNING.stack();
    private final StackClient api = RUNNING.api();
    private final String alice = token("alice", "ws-demo");
    private final String bob = token("bob", "ws-demo");
    private final String olivia = token("olivia", "ws-demo", "hubstatus-operators");
    private final String mallory = token("mallory", "ws-other");

    @Test
    void theQuickstartWalkTakesHubsThroughEveryStatus() throws Exception {
        // given two hubs of one app connected before its validation runs
        control("/_local/pause");
        JsonNode marketingEu = connect(META, "Marketing EU", "1000000001", "sa-marketing", "bob");
        JsonNode marketingUs = connect(META, "Marketing US", "1000000002", "sa-marketing", null);
        assertStatus(marketingEu, "UNDER_VALIDATION", "WAIT_FOR_VALIDATION", "VALIDATION_IN_PROGRESS", "NO_INITIAL_SYNC");
        assertStatus(marketingUs, "UNDER_VALIDATION", "WAIT_FOR_VALIDATION", "VALIDATION_IN_PROGRESS", "NO_INITIAL_SYNC");
        String eu = marketingEu.get("hubId").asText();
        String us = marketingUs.get("hubId").asText();

        // when the validation runs
        control("/_local/resume");
        control("/_local/settle");

        // then both wait for their first sync
        assertStatus(hub(eu), "REQUIRES_SYNC", "RUN_SYNC", "NO_INITIAL_SYNC");
        assertStatus(hub(us), "REQUIRES_SYNC", "RUN_SYNC", "NO_INITIAL_SYNC");
        assertEquals("OWNER", hub(eu).at("/status/mustAct").asText());

        // when the manager tries to run a sync, then the owner does
        assertEquals(403, api.post("/hubs/" + eu + "/sync", bob, null).status());
        StackClient.Answer sync = api.post("/hubs/" + eu + "/sync", alice, null);
        assertEquals(202, sync.status(), sync.toString());
        assertEquals("REQUESTED", sync.json().at("/syncRun/state").asText());
        control("/_local/settle");

        // then the hub is healthy for the next 24 hours
        JsonNode healthy = hub(eu);
        assertStatus(healthy, "HEALTHY", "NONE");
        Instant lastSuccess = Instant.parse(healthy.at("/sync/lastSuccessAt").asText());
        assertEquals(lastSuccess.plus(Duration.ofHours(24)), Instant.parse(healthy.at("/status/healthyUntil").asText()));
        assertEquals("MANUAL", healthy.at("/sync/lastAttempt/trigger").asText());
        assertEquals("MANAGER", api.get("/hubs/" + eu, bob).json().get("role").asText());

        // when 25 hours pass and the sweep has not run yet
        control("/_local/pause");
        StackClient.Answer moved = api.post("/_local/clock", null, "{\"advance\":\"PT25H\"}");
        assertEquals(200, moved.status(), moved.toString());
        assertEquals("PT25H", moved.json().get("offset").asText());

        // then the read already says the hub requires a sync, and no transition is recorded
        assertStatus(hub(eu), "REQUIRES_SYNC", "RUN_SYNC", "SYNC_STALE");
        assertFalse(transitions(eu).contains("HEALTHY->REQUIRES_SYNC:STALENESS_REACHED"), transitions(eu).toString());

        // when the schedules catch up
        control("/_local/resume");
        control("/_local/settle");

        // then the sweep recorded the transition, and its automatic sync made the hub healthy again
        List<String> history = transitions(eu);
        assertTrue(history.contains("HEALTHY->REQUIRES_SYNC:STALENESS_REACHED"), history.toString());
        assertEquals("REQUIRES_SYNC->HEALTHY:SYNC_SUCCEEDED", history.getFirst(), history.toString());
        JsonNode resynced = hub(eu);
        assertStatus(resynced, "HEALTHY", "NONE");
        assertEquals("AUTOMATIC", resynced.at("/sync/lastAttempt/trigger").asText());

        // given a hub with a business ID the app does not know
        String apac = connect(META, "Marketing APAC", "1000000099", "sa-marketing", null).get("hubId").asText();
        control("/_local/settle");
        JsonNode misconfigured = hub(apac);
        assertStatus(misconfigured, "REVIEW_CONFIGURATION", "UPDATE_BUSINESS_ID", "CONFIGURATION_INVALID", "NO_INITIAL_SYNC");
        assertEquals("Business ID 1000000099 was not found in Meta Business Manager.",
                misconfigured.at("/status/reasons/0/detail").asText());

        // when the owner fixes it
        StackClient.Answer fixed = api.patch("/hubs/" + apac, alice, "{\"businessId\":\"1000000003\"}");
        assertEquals(200, fixed.status(), fixed.toString());
        control("/_local/settle");

        // then the re-check passes, and a sync makes it healthy
        assertStatus(hub(apac), "REQUIRES_SYNC", "RUN_SYNC", "NO_INITIAL_SYNC");
        assertEquals(202, api.post("/hubs/" + apac + "/sync", alice, null).status());
        control("/_local/settle");
        assertStatus(hub(apac), "HEALTHY", "NONE");

        // given a hub whose service account has no vendor-managed MFA
        String latam = connect(META, "Marketing LATAM", "1000000004", "sa-no-mfa", null).get("hubId").asText();
        control("/_local/settle");
        assertStatus(hub(latam), "REVIEW_SERVICE_ACCOUNT", "TURN_ON_MANAGED_MFA", "SERVICE_ACCOUNT_MFA_NOT_MANAGED",
                "NO_INITIAL_SYNC");

        // given a hub of an app whose automation fails
        String tiktok = connect(TIKTOK, "TikTok Ads", "7000000001", "sa-marketing", null).get("hubId").asText();
        control("/_local/settle");
        JsonNode underReview = hub(tiktok);
        assertStatus(underReview, "UNDER_REVIEW", "REVALIDATE", "INTEGRATION_AUTOMATION_FAILED", "NO_INITIAL_SYNC");
        assertEquals("OPERATOR", underReview.at("/status/mustAct").asText());
        assertEquals(403, api.post("/apps/" + TIKTOK + "/revalidation", alice, null).status(), "not an operator");

        // when the automation is fixed and an operator re-validates
        fixTheTikTokAutomation();
        StackClient.Answer revalidation = api.post("/apps/" + TIKTOK + "/revalidation", olivia, null);
        assertEquals(202, revalidation.status(), revalidation.toString());
        control("/_local/settle");

        // then the hub leaves Under review
        assertStatus(hub(tiktok), "REQUIRES_SYNC", "RUN_SYNC", "NO_INITIAL_SYNC");
        assertTrue(transitions(tiktok).contains("UNDER_REVIEW->REQUIRES_SYNC:VALIDATION_COMPLETED"), transitions(tiktok).toString());

        // and the workspace list counts every status it went through
        JsonNode list = api.get("/hubs", alice).json();
        assertEquals(5, list.get("total").asInt());
        assertEquals(2, list.at("/counts/HEALTHY").asInt());
        assertEquals(2, list.at("/counts/REQUIRES_SYNC").asInt());
        assertEquals(1, list.at("/counts/REVIEW_SERVICE_ACCOUNT").asInt());
    }

    @Test
    void whoMayDoWhatIsDecidedBeforeAndByTheHandlers() throws Exception {
        // given a hub carol owns and shares with dave as a manager, in a workspace of their own
        String carol = token("carol", "ws-rights");
        String dave = token("dave", "ws-rights");
        StackClient.Answer connected = api.post("/hubs", carol, "{\"app\":\"google-ads\",\"name\":\"Search\","
                + "\"businessId\":\"2000000001\",\"serviceAccount\":\"sa-search\",\"managers\":[\"dave\"]}");
        assertEquals(201, connected.status(), connected.toString());
        String hubId = connected.json().get("hubId").asText();
        control("/_local/settle");

        // then a manager may read but not sync
        assertEquals(200, api.get("/hubs/" + hubId, dave).status());
        StackClient.Answer managersSync = api.post("/hubs/" + hubId + "/sync", dave, null);
        assertEquals(403, managersSync.status());
        assertEquals("FORBIDDEN", managersSync.json().at("/error/code").asText());

        // and another workspace's owner does not even see it
        StackClient.Answer stranger = api.get("/hubs/" + hubId, mallory);
        assertEquals(404, stranger.status());
        assertEquals("HUB_NOT_FOUND", stranger.json().at("/error/code").asText());
        assertEquals(0, api.get("/hubs", mallory).json().get("total").asInt());

        // and API Gateway's authorizer turns away a missing, malformed, forged or expired token
        String expired = stack.identities().issue("carol", "ws-rights", List.of(),
                Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1), null);
        String forged = carol.substring(0, carol.length() - 4) + (carol.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (String token : new String[] {null, "not-a-jwt", forged, expired}) {
            StackClient.Answer refused = api.get("/hubs/" + hubId, token);
            assertEquals(401, refused.status(), String.valueOf(token));
            assertEquals("{\"message\":\"Unauthorized\"}", new String(refused.raw()));
        }
        StackClient.Answer noBearer = api.send(api.request("/hubs/" + hubId, null).header("authorization", "Basic YTpi").GET());
        assertEquals(401, noBearer.status());

        // and a route the template does not declare is API Gateway's 404, token or not (/ is the page's)
        for (String path : new String[] {"/apps", "/hubs/" + hubId + "/sync", "/nothing.html"}) {
            StackClient.Answer missing = api.get(path, carol);
            assertEquals(404, missing.status(), path);
            assertEquals("{\"message\":\"Not Found\"}", new String(missing.raw()), path);
        }
    }

    @Test
    void aDemoUserSignsInThroughTheDiscoveredEndpointsAndCallsTheApi() throws Exception {
        // given what an OpenID client reads first
        JsonNode discovery = api.get("/.well-known/openid-configuration", null).json();
        assertEquals(stack.issuer(), discovery.get("issuer").asText());
        JsonNode jwks = api.get(URI.create(discovery.get("jwks_uri").asText()).getPath(), null).json();
        assertEquals("RS256", jwks.at("/keys/0/alg").asText());

        // when bob is picked on the sign-in and the client exchanges the code with its PKCE verifier
        String verifier = "verifier-" + "x".repeat(40);
        String redirect = stack.issuer() + "/signed-in";
        String authorize = URI.create(discovery.get("authorization_endpoint").asText()).getPath()
                + "?response_type=code&client_id=hubstatus-local&state=abc&code_challenge_method=S256&code_challenge="
                + LocalSignIn.s256(verifier) + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8);
        StackClient.Answer chooser = api.get(authorize, null);
        StackClient.Answer signedIn = api.get(authorize + "&login_hint=bob", null);
        String location = signedIn.headers().firstValue("location").orElseThrow();
        String code = location.substring(location.indexOf("code=") + 5, location.indexOf("&state="));
        StackClient.Answer tokens = api.send(api.request(URI.create(discovery.get("token_endpoint").asText()).getPath(), null)
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=hubstatus-local&code=" + code
                        + "&code_verifier=" + verifier + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8))));

        // then the page offered the demo users, the client was sent back, and bob's token opens the API
        assertEquals(200, chooser.status());
        assertTrue(new String(chooser.raw(), StandardCharsets.UTF_8).contains("login_hint=bob"));
        assertEquals(302, signedIn.status(), signedIn.toString());
        assertTrue(location.startsWith(redirect + "?code=") && location.endsWith("&state=abc"), location);
        assertEquals(200, tokens.status(), tokens.toString());
        String token = tokens.json().get("access_token").asText();
        StackClient.Answer hubs = api.get("/hubs", token);
        assertEquals(200, hubs.status(), hubs.toString());
    }

    // ---- steps ------------------------------------------------------------------------------------

    private String token(String user, String workspace, String... groups) {
        StringBuilder body = new StringBuilder("{\"user\":\"" + user + "\",\"workspace\":\"" + workspace + "\",\"groups\":[");
        for (int i = 0; i < groups.length; i++) {
            body.append(i == 0 ? "" : ",").append('"').append(groups[i]).append('"');
        }
        StackClient.Answer answer = api.post("/_local/tokens", null, body.append("]}").toString());
        assertEquals(200, answer.status(), answer.toString());
        return answer.json().get("token").asText();
    }

    private void control(String path) {
        StackClient.Answer answer = api.post(path, null, null);
        assertEquals(200, answer.status(), answer.toString());
    }

    private JsonNode connect(String app, String name, String businessId, String serviceAccount, String manager) {
        String body = "{\"app\":\"" + app + "\",\"name\":\"" + name + "\",\"businessId\":\"" + businessId
                + "\",\"serviceAccount\":\"" + serviceAccount + "\""
                + (manager == null ? "" : ",\"managers\":[\"" + manager + "\"]") + "}";
        StackClient.Answer answer = api.post("/hubs", alice, body);
        assertEquals(201, answer.status(), answer.toString());
        return answer.json();
    }

    private JsonNode hub(String hubId) {
        StackClient.Answer answer = api.get("/hubs/" + hubId, alice);
        assertEquals(200, answer.status(), answer.toString());
        return answer.json();
    }

    /** The hub's history, newest first, as FROM->TO:CAUSE. */
    private List<String> transitions(String hubId) {
        StackClient.Answer answer = api.get("/hubs/" + hubId + "/history", alice);
        assertEquals(200, answer.status(), answer.toString());
        List<String> entries = new ArrayList<>();
        answer.json().get("entries").forEach(e -> entries.add(e.get("from").asText() + "->" + e.get("to").asText() + ":"
                + e.get("cause").asText()));
        return entries;
    }

    private void assertStatus(JsonNode hub, String code, String nextAction, String... reasons) {
        JsonNode status = hub.get("status");
        assertEquals(code, status.get("code").asText(), hub.toString());
        assertEquals(nextAction, status.at("/nextAction/code").asText(), hub.toString());
        List<String> actual = new ArrayList<>();
        status.get("reasons").forEach(r -> actual.add(r.get("code").asText()));
        assertEquals(List.of(reasons), actual, hub.toString());
    }

    /** As a user would: edit the fixtures file the stack printed, while it runs. */
    private void fixTheTikTokAutomation() throws IOException {
        Path fixtures = stack.fixtures();
        String text = Files.readString(fixtures);
        String fixed = text.replace("\"automation\": \"fails\"", "\"automation\": \"works\"");
        assertNotEquals(text, fixed, "the default fixtures have a failing automation");
        FileTime before = Files.getLastModifiedTime(fixtures);
        Files.writeString(fixtures, fixed);
        // The simulated app looks at the time stamp; a coarse file system may not have moved it yet.
        Files.setLastModifiedTime(fixtures, FileTime.from(before.toInstant().plusSeconds(2)));
    }
}
