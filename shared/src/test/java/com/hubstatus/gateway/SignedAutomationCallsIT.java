package com.hubstatus.gateway;

import com.hubstatus.local.emulators.automation.AutomationServiceEmulator;
import com.hubstatus.local.emulators.automation.SimulatedApps;
import com.hubstatus.status.Cause;
import com.hubstatus.status.CheckResult;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.SyncResult;
import com.hubstatus.testing.Signing;
import com.hubstatus.usecase.port.HubRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calls to the automation service are SigV4-signed, and the local stand-in for its IAM-authorized
 * API refuses what is not: a signed check and sync reach the simulated apps; an unsigned request,
 * one signed with the wrong secret, and one whose body changed after signing get 403 and reach
 * nothing.
 */
class SignedAutomationCallsIT {

    private static final HubRef HUB = new HubRef("ws-1", "hub-1", ExternalApp.META_BUSINESS_MANAGER, "1000000001",
            "sa-main");
    private static final String BODY = """
            {"workspaceId":"ws-1","hubId":"hub-1","app":"meta-business-manager","businessId":"1000000001",\
            "serviceAccountRef":"sa-main"}""";

    private AutomationServiceEmulator service;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        service = Signing.automationService(SimulatedApps.bundled());
    }

    @AfterEach
    void stop() {
        service.close();
        http.close();
    }

    private URI checks() {
        return URI.create(service.endpoint() + "/meta-business-manager/checks");
    }

    @Test
    void aSignedCheckAndSyncReachTheSimulatedApps() {
        // given
        HttpAutomationGateway gateway = HttpAutomationGateway.fromEndpoints(service.endpoints(), Signing.signer());

        // when
        CheckResult check = gateway.check(HUB);
        SyncResult sync = gateway.sync(HUB, "run-1");

        // then
        assertTrue(check.hasPassed(), () -> check.findings().toString());
        assertTrue(sync.hasSucceeded(), () -> String.valueOf(sync.failure()));
        assertEquals(2, service.answered());
        assertEquals(0, service.refused());
    }

    @Test
    void theSignatureIsForExecuteApiInTheRegionAndSignsTheHostAndDate() {
        // when
        Map<String, List<String>> headers = Signing.signer().sign(checks(),
                Map.of("Content-Type", "application/json"), BODY.getBytes(StandardCharsets.UTF_8));

        // then
        String authorization = headers.get("Authorization").getFirst();
        assertTrue(Pattern.matches("AWS4-HMAC-SHA256 Credential=" + Signing.ACCESS_KEY_ID
                + "/\\d{8}/us-east-1/execute-api/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, "
                + "Signature=[0-9a-f]{64}", authorization), authorization);
        assertTrue(authorization.contains("x-amz-date"), authorization);
        assertTrue(Pattern.matches("\\d{8}T\\d{6}Z", headers.get("X-Amz-Date").getFirst()));
        assertFalse(headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("Host")),
                "the HTTP client sets Host itself");
    }

    @Test
    void anUnsignedRequestIsRefusedAndReachesNothing() throws Exception {
        // when
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(checks())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());

        // then
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("Missing Authentication Token"), response.body());
        assertEquals(0, service.answered());
        assertEquals(1, service.refused());
    }

    @Test
    void aRequestSignedWithTheWrongSecretIsRefusedAndTheGatewayReportsItTransient() {
        // given
        HttpAutomationGateway gateway = HttpAutomationGateway.fromEndpoints(service.endpoints(),
                Signing.signer("not-the-secret"));

        // when
        CheckResult check = gateway.check(HUB);

        // then
        assertEquals(1, check.findings().size());
        assertEquals(Cause.TRANSIENT, check.findings().getFirst().cause());
        assertTrue(check.findings().getFirst().detail().contains("rejected the request with HTTP 403"),
                check.findings().getFirst().detail());
        assertEquals(0, service.answered());
        assertEquals(1, service.refused(), "a 403 is not retried");
    }

    @Test
    void aBodyChangedAfterSigningIsRefused() throws Exception {
        // given a request signed for one body
        Map<String, List<String>> headers = Signing.signer().sign(checks(),
                Map.of("Content-Type", "application/json"), BODY.getBytes(StandardCharsets.UTF_8));
        String tampered = BODY.replace("sa-main", "sa-other");

        // when it is sent with another
        HttpRequest.Builder request = HttpRequest.newBuilder(checks()).POST(HttpRequest.BodyPublishers.ofString(tampered));
        headers.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        HttpResponse<String> response = send(request.build());
        HttpRequest.Builder intact = HttpRequest.newBuilder(checks()).POST(HttpRequest.BodyPublishers.ofString(BODY));
        headers.forEach((name, values) -> values.forEach(value -> intact.header(name, value)));
        HttpResponse<String> control = send(intact.build());

        // then
        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("does not match"), response.body());
        assertEquals(200, control.statusCode(), control.body());
        assertEquals(1, service.answered());
    }

    @Test
    void withoutCredentialsNothingIsSentAndTheCheckIsTransient() {
        // given a provider chain that finds no keys
        AwsCredentialsProvider chain = () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        };
        RequestSigner noKeys = new RequestSigner(chain, Signing.REGION);
        HttpAutomationGateway gateway = new HttpAutomationGateway(HttpAutomationGateway.parseEndpoints(service.endpoints()),
                noKeys, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), 2, Duration.ofMillis(1));

        // when
        CheckResult check = gateway.check(HUB);

        // then
        assertEquals(Cause.TRANSIENT, check.findings().getFirst().cause());
        assertEquals("the request to Meta Business Manager's automation service could not be signed: "
                + "SdkClientException (2 attempts)", check.findings().getFirst().detail());
        assertEquals(0, service.answered() + service.refused(), "nothing reached the service");
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
