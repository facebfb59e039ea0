package com.hubstatus.gateway;

import com.hubstatus.usecase.port.HubRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.gateway.AutomationServiceStub.Reply;
import com.hubstatus.gateway.AutomationServiceStub.Request;
import com.hubstatus.json.Json;
import com.hubstatus.testing.Signing;
import com.hubstatus.status.Cause;
import com.hubstatus.status.CheckResult;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Finding;
import com.hubstatus.status.SyncResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class HttpAutomationGatewayIT {

    private static final HubRef HUB = new HubRef("ws-1", "hub-1", ExternalApp.META_BUSINESS_MANAGER, "1000000001",
            "sa-main");
    private static final Duration GENEROUS = Duration.ofSeconds(5);
    private static final Duration NO_BACKOFF = Duration.ofMillis(1);

    private AutomationServiceStub service;

    @BeforeEach
    void startService() throws IOException {
        service = new AutomationServiceStub();
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    private HttpAutomationGateway gateway() {
        return gateway(service.baseUri(), GENEROUS, 3);
    }

    private HttpAutomationGateway gateway(URI base, Duration requestTimeout, int maxAttempts) {
        return new HttpAutomationGateway(Map.of(ExternalApp.META_BUSINESS_MANAGER, base), Signing.signer(), GENEROUS, requestTimeout,
                requestTimeout, maxAttempts, NO_BACKOFF);
    }

    private static JsonNode json(String text) throws IOException {
        return Json.mapper().readTree(text);
    }

    private static Finding onlyFinding(CheckResult result) {
        assertEquals(1, result.findings().size(), () -> "findings: " + result.findings());
        return result.findings().getFirst();
    }

    /** {@code request} was a POST to {@code path} of {@code body} as JSON. */
    private static void assertPostedAsJson(Request request, String path, String body) throws IOException {
        assertEquals("POST", request.method());
        assertEquals(path, request.path());
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals(json(body), json(request.body()));
    }

    /** The check's one finding is transient, and its detail says {@code why}. */
    private static void assertTransient(CheckResult result, String why) {
        Finding finding = onlyFinding(result);
        assertEquals(Cause.TRANSIENT, finding.cause());
        assertTrue(finding.detail().contains(why), finding.detail());
    }

    @Test
    void aCheckTheServiceReportsAsPassedPasses() {
        // given
        service.willReply(Reply.ok("{\"outcome\":\"PASSED\"}"));

        // when
        CheckResult result = gateway().check(HUB);

        // then
        assertTrue(result.hasPassed());
    }

    @ParameterizedTest
    @EnumSource(Cause.class)
    void aFailedCheckOrSyncReportsTheCauseTheServiceNamed(Cause cause) {
        // given
        service.willReply(
                Reply.ok("{\"outcome\":\"FAILED\",\"findings\":[{\"cause\":\"%s\",\"detail\":\"what went wrong\"}]}"
                        .formatted(cause)),
                Reply.ok("{\"outcome\":\"FAILED\",\"failure\":{\"cause\":\"%s\",\"detail\":\"the sync stopped\"}}"
                        .formatted(cause)));

        // when
        CheckResult check = gateway().check(HUB);
        SyncResult sync = gateway().sync(HUB, "run-1");

        // then
        assertEquals(Finding.of(cause, "what went wrong"), onlyFinding(check));
        assertEquals(Finding.of(cause, "the sync stopped"), sync.failure());
    }

    @Test
    void aFailedCheckReportsEveryFindingInTheServicesOrder() {
        // given
        service.willReply(Reply.ok("""
                {"outcome":"FAILED","findings":[
                  {"cause":"CONFIGURATION","detail":"Business ID 1000000001 was not found."},
                  {"cause":"SERVICE_ACCOUNT_MFA","detail":"MFA is off."}]}"""));

        // when
        CheckResult result = gateway().check(HUB);

        // then
        assertEquals(List.of(Finding.of(Cause.CONFIGURATION, "Business ID 1000000001 was not found."),
                Finding.of(Cause.SERVICE_ACCOUNT_MFA, "MFA is off.")), result.findings());
    }

    @Test
    void aSyncTheServiceReportsAsSucceededSucceeds() {
        // given
        service.willReply(Reply.ok("{\"outcome\":\"SUCCEEDED\"}"));

        // when
        SyncResult result = gateway().sync(HUB, "run-1");

        // then
        assertTrue(result.hasSucceeded());
        assertNull(result.failure());
    }

    @Test
    void aCheckIsSentAsAPostOfTheHubsReferenceToTheChecksPath() throws IOException {
        // given
        service.willReply(Reply.ok("{\"outcome\":\"PASSED\"}"));

        // when
        gateway().check(HUB);

        // then
        assertPostedAsJson(service.requests().getFirst(), "/v1/checks", """
                {"workspaceId":"ws-1","hubId":"hub-1","app":"meta-business-manager",
                 "businessId":"1000000001","serviceAccountRef":"sa-main"}""");
    }

    @Test
    void aSyncIsSentAsAPostOfTheHubsReferenceAndRunIdToTheSyncsPath() throws IOException {
        // given
        service.willReply(Reply.ok("{\"outcome\":\"SUCCEEDED\"}"));

        // when
        gateway().sync(HUB, "run-42");

        // then
        assertPostedAsJson(service.requests().getFirst(), "/v1/syncs", """
                {"workspaceId":"ws-1","hubId":"hub-1","app":"meta-business-manager",
                 "businessId":"1000000001","serviceAccountRef":"sa-main","runId":"run-42"}""");
    }

    @Test
    void aSyncCarriesItsRunIdAsTheIdempotencyKeyOnEveryAttempt() {
        // given
        service.willReply(Reply.json(503, ""), Reply.ok("{\"outcome\":\"SUCCEEDED\"}"));

        // when
        gateway().sync(HUB, "run-42");

        // then
        List<String> keys = service.requests().stream().map(r -> r.header("Idempotency-Key")).toList();
        assertEquals(List.of("run-42", "run-42"), keys);
    }

    @Test
    void theAttemptsOfOneCheckShareAnIdempotencyKeyButTwoChecksDoNot() {
        // given
        service.willReply(Reply.json(503, ""), Reply.ok("{\"outcome\":\"PASSED\"}"));
        HttpAutomationGateway gateway = gateway();

        // when
        gateway.check(HUB);
        gateway.check(HUB);

        // then
        List<String> keys = service.requests().stream().map(r -> r.header("Idempotency-Key")).toList();
        assertEquals(3, keys.size());
        assertTrue(keys.getFirst().startsWith("check-hub-1-"), keys.getFirst());
        assertEquals(keys.get(0), keys.get(1));
        assertNotEquals(keys.get(1), keys.get(2));
    }

    @Test
    void aBaseUrlEndingInASlashStillReachesTheChecksPath() {
        // given
        service.willReply(Reply.ok("{\"outcome\":\"PASSED\"}"));
        URI base = URI.create(service.baseUri() + "/");

        // when
        CheckResult result = gateway(base, GENEROUS, 1).check(HUB);

        // then
        assertTrue(result.hasPassed());
        assertEquals("/v1/checks", service.requests().getFirst().path());
    }

    @Test
    void serviceUnavailableIsRetriedUntilTheServiceAnswers() {
        // given
        service.willReply(Reply.json(503, ""), Reply.json(503, ""), Reply.ok("{\"outcome\":\"PASSED\"}"));

        // when
        CheckResult result = gateway().check(HUB);

        // then
        assertTrue(result.hasPassed());
        assertEquals(3, service.requests().size());
    }

    @Test
    void tooManyRequestsIsRetried() {
        // given
        service.willReply(Reply.json(429, ""), Reply.ok("{\"outcome\":\"SUCCEEDED\"}"));

        // when
        SyncResult result = gateway().sync(HUB, "run-1");

        // then
        assertTrue(result.hasSucceeded());
        assertEquals(2, service.requests().size());
    }

    @Test
    void aServerErrorOnEveryAttemptGivesATransientFindingAfterTheLastAttempt() {
        // given
        service.willReply(Reply.json(500, "{\"message\":\"boom\"}"));

        // when
        CheckResult result = gateway().check(HUB);

        // then
        assertTransient(result, "HTTP 500");
        assertTrue(onlyFinding(result).detail().contains("3 attempts"), onlyFinding(result).detail());
        assertEquals(3, service.requests().size());
    }

    @ParameterizedTest(name = "HTTP {0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            400 | {"message":"businessId is required"}                                 | HTTP 400
            200 | {"outcome":"FAILED","failure":{"cause":"COSMIC_RAYS","detail":"x"}}  | unknown cause 'COSMIC_RAYS'
            """)
    void aSyncReplyNoRetryCanFixIsNotRetriedAndGivesATransientFindingSayingWhy(int status, String body, String why) {
        // given: a second attempt would succeed
        service.willReply(Reply.json(status, body), Reply.ok("{\"outcome\":\"SUCCEEDED\"}"));

        // when
        SyncResult result = gateway().sync(HUB, "run-1");

        // then
        assertEquals(Cause.TRANSIENT, result.failure().cause());
        assertTrue(result.failure().detail().contains(why), result.failure().detail());
        assertEquals(1, service.requests().size());
    }

    @Test
    void aReplyThatIsNotJsonIsNotRetriedAndGivesATransientFinding() {
        // given
        service.willReply(Reply.ok("<html>gateway error</html>"), Reply.ok("{\"outcome\":\"PASSED\"}"));

        // when
        CheckResult result = gateway().check(HUB);

        // then
        assertTransient(result, "not JSON");
        assertEquals(1, service.requests().size());
    }

    @Test
    void repliesThatBreakTheContractGiveTransientFindings() {
        // given
        List<String> broken = List.of(
                "",
                "[]",
                "{}",
                "{\"outcome\":\"MAYBE\"}",
                "{\"outcome\":\"FAILED\"}",
                "{\"outcome\":\"FAILED\",\"findings\":[]}",
                "{\"outcome\":\"FAILED\",\"findings\":[\"CONFIGURATION\"]}",
                "{\"outcome\":\"FAILED\",\"findings\":[{\"detail\":\"no cause\"}]}",
                "{\"outcome\":\"FAILED\",\"findings\":[{\"cause\":\"CONFIGURATION\",\"detail\":42}]}",
                "{\"outcome\":\"PASSED\"} trailing");

        for (String body : broken) {
            service.willReply(Reply.ok(body));

            // when
            CheckResult result = gateway(service.baseUri(), GENEROUS, 1).check(HUB);

            // then
            Finding finding = onlyFinding(result);
            assertEquals(Cause.TRANSIENT, finding.cause(), body);
            assertTrue(finding.detail().startsWith("Meta Business Manager's automation service answered the check"),
                    finding.detail());
        }
    }

    @Test
    void aLongDetailIsCutToTheLimitOfAFinding() {
        // given
        String detail = "x".repeat(Finding.MAX_DETAIL_LENGTH * 3);
        service.willReply(Reply.ok("{\"outcome\":\"FAILED\",\"failure\":{\"cause\":\"KNOWN_ISSUE\",\"detail\":\""
                + detail + "\"}}"));

        // when
        SyncResult result = gateway().sync(HUB, "run-1");

        // then
        assertEquals(Cause.KNOWN_ISSUE, result.failure().cause());
        assertEquals(Finding.MAX_DETAIL_LENGTH, result.failure().detail().length());
    }

    @Test
    void aReplyLargerThanTheLimitGivesATransientFinding() {
        // given
        String padding = " ".repeat(HttpAutomationGateway.MAX_REPLY_BYTES + 1);
        service.willReply(Reply.ok("{\"outcome\":\"PASSED\"}" + padding));

        // when
        CheckResult result = gateway().check(HUB);

        // then
        assertTransient(result, "larger than 64 KiB");
        assertEquals(1, service.requests().size());
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeGivesATransientFindingAfterEveryAttempt() {
        // given a service that answers long after the client's second (long enough for the second
        // attempt to reach it even on a busy machine)
        service.willReply(Reply.stall());

        // when
        CheckResult result = gateway(service.baseUri(), Duration.ofSeconds(1), 2).check(HUB);

        // then
        assertTransient(result, "did not answer within 1 s");
        assertEquals(2, service.awaitRequests(2).size());
    }

    @Test
    void aReplyWhoseBodyTricklesInPastTheDeadlineTimesOut() {
        // given a passing reply whose head comes at once and whose body takes 4 s to arrive, one
        // byte per 100 ms: no single read waits long, only the whole exchange is too long
        service.willReply(Reply.trickle(40));

        // when
        CheckResult result = gateway(service.baseUri(), Duration.ofSeconds(1), 1).check(HUB);

        // then
        assertTransient(result, "did not answer within 1 s");
        assertEquals(1, service.requests().size());
    }

    @ParameterizedTest
    @CsvSource({"301", "302", "303", "307", "308"})
    void aRedirectIsNotFollowedAndGivesATransientFinding(int status) {
        // given a redirect to a path that would pass the check
        service.willReply(Reply.redirect(status, service.baseUri() + "/checks"), Reply.ok("{\"outcome\":\"PASSED\"}"));

        // when
        CheckResult result = gateway().check(HUB);

        // then
        assertTransient(result, "rejected the request with HTTP " + status);
        assertEquals(1, service.requests().size());
    }

    @Test
    void aServiceThatCannotBeReachedGivesATransientFinding() throws IOException {
        // given a loopback port nobody listens on
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
        }

        // when
        SyncResult result = gateway(closed, GENEROUS, 2).sync(HUB, "run-1");

        // then
        assertEquals(Cause.TRANSIENT, result.failure().cause());
        assertTrue(result.failure().detail().contains("could not be reached"), result.failure().detail());
    }

    @Test
    void anAppWithoutAnEndpointGivesATransientFindingWithoutARequest() {
        // given
        HubRef googleHub = new HubRef("ws-1", "hub-2", ExternalApp.GOOGLE_ADS, "2000000001", "sa-main");

        // when
        CheckResult check = gateway().check(googleHub);
        SyncResult sync = gateway().sync(googleHub, "run-1");

        // then
        Finding expected = Finding.of(Cause.TRANSIENT, "no automation endpoint configured for Google Ads");
        assertEquals(List.of(expected), check.findings());
        assertEquals(expected, sync.failure());
        assertTrue(service.requests().isEmpty());
    }

    @Test
    void theBackoffDoublesFromTheFirstWaitAndStopsAtOneSecond() {
        // given
        Duration first = Duration.ofMillis(300);

        // when
        List<Duration> waits = List.of(1, 2, 3, 4).stream()
                .map(attempt -> HttpAutomationGateway.backoffAfter(attempt, first)).toList();

        // then
        assertEquals(List.of(Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofSeconds(1),
                Duration.ofSeconds(1)), waits);
    }

    @Test
    void aHubWithoutBusinessIdOrServiceAccountIsSentWithNulls() throws IOException {
        // given
        service.willReply(Reply.ok("{\"outcome\":\"PASSED\"}"));
        HubRef bare = new HubRef("ws-1", "hub-3", ExternalApp.META_BUSINESS_MANAGER, null, null);

        // when
        gateway().check(bare);

        // then
        JsonNode body = json(service.requests().getFirst().body());
        assertTrue(body.get("businessId").isNull());
        assertTrue(body.get("serviceAccountRef").isNull());
        Set<String> fields = body.properties().stream().map(Map.Entry::getKey).collect(Collectors.toSet());
        assertEquals(Set.of("workspaceId", "hubId", "app", "businessId", "serviceAccountRef"), fields);
        assertFalse(body.has("runId"));
    }
}
