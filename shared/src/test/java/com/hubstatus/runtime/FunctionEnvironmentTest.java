package com.hubstatus.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.hubstatus.gateway.HttpAutomationGateway;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.usecase.Caller;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FunctionEnvironmentTest {

    @Test
    void theStalenessThresholdComesFromTheEnvironmentAndDefaultsTo24Hours() {
        assertEquals(Duration.ofHours(24), new FunctionEnvironment(Map.of()).policy().stalenessThreshold());
        assertEquals(Duration.ofHours(6),
                new FunctionEnvironment(Map.of("STALENESS_THRESHOLD", "PT6H")).policy().stalenessThreshold());
        assertThrows(IllegalStateException.class,
                () -> new FunctionEnvironment(Map.of("STALENESS_THRESHOLD", "a day")).policy());
    }

    @Test
    void theClaimNamesComeFromTheEnvironment() {
        // given
        FunctionEnvironment env = new FunctionEnvironment(Map.of("WORKSPACE_CLAIM", "custom:tenant",
                "GROUPS_CLAIM", "cognito:groups", "OPERATOR_GROUP", "support"));
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(Map.of("sub", "u-1", "custom:tenant", "ws-9", "cognito:groups", "[support admins]"))
                                        .build())
                                .build())
                        .build())
                .build();

        // when
        Caller identity = env.identities().read(event);

        // then
        assertEquals("ws-9", identity.workspaceId());
        assertTrue(identity.operator());
    }

    @Test
    void theExternalAppIsTheAutomationServiceAtTheConfiguredEndpoints() {
        HttpAutomationGateway gateway = assertInstanceOf(HttpAutomationGateway.class, new FunctionEnvironment(Map.of(
                "AUTOMATION_ENDPOINTS", "google-ads=https://automation.example/v1", "AWS_REGION", "eu-west-1")).gateway());
        assertEquals(Map.of(ExternalApp.GOOGLE_ADS, URI.create("https://automation.example/v1")), gateway.endpoints());
    }

    @Test
    void withoutAutomationEndpointsTheGatewayIsRefusedNamingTheVariable() {
        for (Map<String, String> env : List.of(Map.of("AWS_REGION", "eu-west-1"),
                Map.of("AWS_REGION", "eu-west-1", "AUTOMATION_ENDPOINTS", " "))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new FunctionEnvironment(env).gateway());
            assertTrue(e.getMessage().startsWith("AUTOMATION_ENDPOINTS is not set"), e.getMessage());
        }
    }

    @Test
    void invalidAutomationEndpointsAreRefusedNamingTheProblem() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new FunctionEnvironment(Map.of(
                "AWS_REGION", "eu-west-1", "AUTOMATION_ENDPOINTS", "myspace=https://automation.example/v1")).gateway());
        assertTrue(e.getMessage().startsWith("AUTOMATION_ENDPOINTS is invalid: unknown app id 'myspace'"), e.getMessage());
    }

    @Test
    void theAutomationServiceNeedsARegionToSignFor() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new FunctionEnvironment(Map.of(
                "AUTOMATION_ENDPOINTS", "google-ads=https://automation.example/v1")).gateway());
        assertTrue(e.getMessage().contains("AWS_REGION"), e.getMessage());
    }

    @Test
    void aMissingTableNameIsNamedWhenTheStoreIsFirstNeeded() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new FunctionEnvironment(Map.of("AWS_REGION", "eu-west-1")).store());
        assertTrue(e.getMessage().contains("TABLE_NAME"));
    }
}
