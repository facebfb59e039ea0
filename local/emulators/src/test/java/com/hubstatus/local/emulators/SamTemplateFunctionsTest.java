package com.hubstatus.local.emulators;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamTemplateFunctionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static StackValues localValues(SamTemplate template) {
        return new StackValues(template, "hubstatus-local",
                Map.of("JwtIssuer", "https://issuer.test", "JwtAudience", "api-a,api-b",
                        "AutomationEndpoints", "google-ads=https://automation.test/v1"),
                Map.of("HubTable", "local-hubs"));
    }

    private static Map<String, SamFunction> byId(List<SamFunction> functions) {
        return functions.stream().collect(Collectors.toMap(SamFunction::logicalId, Function.identity()));
    }

    @Test
    void theRepositoryTemplatesFunctionsComeWithTheirHandlersTimeoutsAndRetries() {
        // given
        SamTemplate template = SamTemplate.ofRepository();

        // when
        Map<String, SamFunction> functions = byId(template.functions(localValues(template)));

        // then
        assertEquals(Map.of(
                        "ConnectHubFunction", "com.hubstatus.connect.ConnectHubHandler",
                        "ReadStatusFunction", "com.hubstatus.read.ReadStatusHandler",
                        "StartSyncFunction", "com.hubstatus.sync.StartSyncHandler",
                        "RunSyncFunction", "com.hubstatus.sync.RunSyncHandler",
                        "RunValidationFunction", "com.hubstatus.validation.RunValidationHandler",
                        "SweepStalenessFunction", "com.hubstatus.sweep.SweepStalenessHandler"),
                functions.values().stream().collect(Collectors.toMap(SamFunction::logicalId, SamFunction::handlerClass)));
        functions.values().forEach(f -> assertEquals("handleRequest", f.handlerMethod(), f.logicalId()));
        assertEquals(Duration.ofSeconds(29), functions.get("ConnectHubFunction").timeout(), "Globals' Timeout");
        assertEquals(Duration.ofSeconds(300), functions.get("RunValidationFunction").timeout(), "the function's own");
        assertEquals(1024, functions.get("ReadStatusFunction").memorySize());
        assertEquals(2, functions.get("RunSyncFunction").asyncRetries(), "EventInvokeConfig");
        assertEquals(2, functions.get("SweepStalenessFunction").asyncRetries(), "Lambda's default");
        functions.values().forEach(f -> assertEquals(List.of(), f.otherEvents(), f.logicalId()));
    }

    @Test
    void aFunctionsEnvironmentIsGlobalsWithEveryRefAndSubResolved() {
        // given
        SamTemplate template = SamTemplate.ofRepository();

        // when
        Map<String, String> env = byId(template.functions(localValues(template))).get("ConnectHubFunction").environment();

        // then
        assertEquals("local-hubs", env.get("TABLE_NAME"), "!Ref HubTable: the name the stack gave");
        assertEquals("hubstatus-local-hubs", env.get("EVENT_BUS_NAME"), "!Ref HubEventBus: its Name, !Sub ${AWS::StackName}-hubs");
        assertEquals("workspace_id", env.get("WORKSPACE_CLAIM"));
        assertEquals("groups", env.get("GROUPS_CLAIM"));
        assertEquals("hubstatus-operators", env.get("OPERATOR_GROUP"));
        assertEquals("PT24H", env.get("STALENESS_THRESHOLD"));
        assertEquals("google-ads=https://automation.test/v1", env.get("AUTOMATION_ENDPOINTS"), "!Ref of a parameter given");
        assertFalse(env.containsKey("SIMULATED_APP_FIXTURES"), "no simulated app on AWS");
        assertEquals("", env.get("DYNAMODB_ENDPOINT"));
    }

    @Test
    void everyHttpApiEventIsARouteGuardedByTheApisJwtAuthorizer() {
        // given
        SamTemplate template = SamTemplate.ofRepository();

        // when
        List<SamFunction.HttpApiRoute> routes = template.functions(localValues(template)).stream()
                .flatMap(f -> f.routes().stream()).toList();

        // then
        assertEquals(List.of("POST /hubs", "PATCH /hubs/{hubId}", "DELETE /hubs/{hubId}", "POST /hubs/{hubId}/check",
                "POST /apps/{app}/revalidation", "GET /hubs", "GET /hubs/{hubId}", "GET /hubs/{hubId}/history",
                "GET /reviews", "POST /hubs/{hubId}/sync"),
                routes.stream().map(SamFunction.HttpApiRoute::routeKey).toList());
        for (SamFunction.HttpApiRoute route : routes) {
            assertEquals("HttpApi", route.apiId());
            assertEquals(new SamFunction.JwtAuthorizer("JwtAuthorizer", "$request.header.Authorization",
                    "https://issuer.test", List.of("api-a", "api-b")), route.authorizer(), route.routeKey());
            assertEquals(List.of(), route.scopes());
        }
    }

    @Test
    void eventBridgeRulesListenOnTheHubBusWithTheirPatterns() {
        // given
        SamTemplate template = SamTemplate.ofRepository();
        BusEvent syncRequested = new BusEvent("1", "hubstatus", "Sync Requested", JSON.createObjectNode(),
                "hubstatus-local-hubs", Instant.EPOCH, List.of());

        // when
        Map<String, SamFunction> functions = byId(template.functions(localValues(template)));

        // then
        List<SamFunction.EventRule> rules = functions.values().stream().flatMap(f -> f.rules().stream()).toList();
        assertEquals(3, rules.size());
        rules.forEach(rule -> assertEquals("hubstatus-local-hubs", rule.eventBusName(), rule.eventName()));
        rules.forEach(rule -> assertTrue(rule.enabled(), rule.eventName()));
        SamFunction.EventRule runSync = functions.get("RunSyncFunction").rules().getFirst();
        assertEquals("{\"source\":[\"hubstatus\"],\"detail-type\":[\"Sync Requested\"]}", runSync.pattern().toString());
        assertTrue(runSync.matcher().matches(syncRequested));
        assertFalse(functions.get("RunValidationFunction").rules().getFirst().matcher().matches(syncRequested));
    }

    @Test
    void schedulesTakeTheirRateFromTheParameterDefaultUnlessOverridden() {
        // given
        SamTemplate template = SamTemplate.ofRepository();
        StackValues slowerSweep = new StackValues(template, "hubstatus-local",
                Map.of("JwtIssuer", "i", "JwtAudience", "a", "AutomationEndpoints", "google-ads=https://automation.test/v1",
                        "SweepSchedule", "rate(1 day)"), Map.of("HubTable", "t"));

        // when
        Map<String, SamFunction> byDefault = byId(template.functions(localValues(template)));
        Map<String, SamFunction> overridden = byId(template.functions(slowerSweep));

        // then
        SamFunction.Schedule sweep = byDefault.get("SweepStalenessFunction").schedules().getFirst();
        assertEquals("rate(15 minutes)", sweep.expression());
        assertEquals(Optional.of(Duration.ofMinutes(15)), sweep.rate());
        assertNull(sweep.input());
        assertEquals(Optional.of(Duration.ofMinutes(5)),
                byDefault.get("RunValidationFunction").schedules().getFirst().rate());
        assertEquals(Optional.of(Duration.ofDays(1)), overridden.get("SweepStalenessFunction").schedules().getFirst().rate());
    }

    @Test
    void rateExpressionsReadAsEventBridgeWritesThem() {
        assertEquals(Optional.of(Duration.ofMinutes(1)), schedule("rate(1 minute)").rate());
        assertEquals(Optional.of(Duration.ofHours(2)), schedule("rate(2 hours)").rate());
        assertEquals(Optional.of(Duration.ofDays(1)), schedule("rate(1 day)").rate());
        assertEquals(Optional.empty(), schedule("cron(0 12 * * ? *)").rate());
        assertThrows(IllegalArgumentException.class, () -> schedule("every 5 minutes").rate());
        assertThrows(IllegalArgumentException.class, () -> schedule("rate(0 minutes)").rate());
    }

    private static SamFunction.Schedule schedule(String expression) {
        return new SamFunction.Schedule("S", expression, null, true);
    }

    @Test
    void aFunctionsOwnSettingsOverrideGlobalsAndNoValueRemovesAVariable(@TempDir Path dir) throws IOException {
        // given
        SamTemplate template = load(dir, """
                Parameters:
                  Stage:
                    Type: String
                    Default: dev
                Globals:
                  Function:
                    Timeout: 10
                    Environment:
                      Variables:
                        KEPT: from-globals
                        REPLACED: from-globals
                        DROPPED: from-globals
                Resources:
                  Bus:
                    Type: AWS::Events::EventBus
                    Properties:
                      Name: !Sub ${AWS::StackName}-${Stage}-bus
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: com.example.Handler
                      Timeout: 60
                      EventInvokeConfig:
                        MaximumRetryAttempts: 0
                      Environment:
                        Variables:
                          REPLACED: !Ref Stage
                          DROPPED: !Ref AWS::NoValue
                          BUS: !Ref Bus
                          LITERAL: !Sub '${!NotAVariable} in ${AWS::Region}'
                          JOINED: !Join ['-', [a, !Ref Stage]]
                      Events:
                        Open:
                          Type: HttpApi
                          Properties:
                            Method: get
                            Path: /open/{proxy+}
                        Hourly:
                          Type: Schedule
                          Properties:
                            Schedule: rate(1 hour)
                            Enabled: false
                            Input: '{"kind":"tick"}'
                        Default:
                          Type: EventBridgeRule
                          Properties:
                            State: DISABLED
                            Pattern:
                              source: [x]
                        Queue:
                          Type: SQS
                          Properties:
                            Queue: arn:aws:sqs:us-east-1:000000000000:q
                """);

        // when
        SamFunction fn = template.functions(new StackValues(template, "s", Map.of("Stage", "test"), Map.of())).getFirst();

        // then
        assertEquals("com.example.Handler", fn.handlerClass());
        assertEquals("handleRequest", fn.handlerMethod());
        assertEquals(Duration.ofSeconds(60), fn.timeout());
        assertEquals(128, fn.memorySize(), "SAM's default");
        assertEquals(0, fn.asyncRetries());
        assertEquals(Map.of("KEPT", "from-globals", "REPLACED", "test", "BUS", "s-test-bus",
                "LITERAL", "${NotAVariable} in us-east-1", "JOINED", "a-test"), fn.environment());
        SamFunction.HttpApiRoute route = fn.routes().getFirst();
        assertEquals("GET /open/{proxy+}", route.routeKey());
        assertEquals("ServerlessHttpApi", route.apiId(), "SAM's implicit API");
        assertNull(route.authorizer());
        assertFalse(fn.schedules().getFirst().enabled());
        assertEquals("{\"kind\":\"tick\"}", fn.schedules().getFirst().input());
        assertEquals("default", fn.rules().getFirst().eventBusName());
        assertFalse(fn.rules().getFirst().enabled());
        assertEquals(List.of("Queue (SQS)"), fn.otherEvents());
    }

    @Test
    void aRouteWithAuthorizerNoneIsOpenAndScopesAreKept(@TempDir Path dir) throws IOException {
        // given
        SamTemplate template = load(dir, """
                Resources:
                  Api:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      Auth:
                        DefaultAuthorizer: Jwt
                        Authorizers:
                          Jwt:
                            JwtConfiguration:
                              issuer: https://issuer.test
                              audience: [one]
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: com.example.Handler::handleRequest
                      Events:
                        Open:
                          Type: HttpApi
                          Properties:
                            ApiId: !Ref Api
                            Method: GET
                            Path: /open
                            Auth:
                              Authorizer: NONE
                        Scoped:
                          Type: HttpApi
                          Properties:
                            ApiId: !Ref Api
                            Method: GET
                            Path: /scoped
                            Auth:
                              AuthorizationScopes: [things/read]
                """);

        // when
        List<SamFunction.HttpApiRoute> routes =
                template.functions(new StackValues(template, "s", Map.of(), Map.of())).getFirst().routes();

        // then
        assertNull(routes.get(0).authorizer());
        assertEquals(new SamFunction.JwtAuthorizer("Jwt", "$request.header.Authorization", "https://issuer.test",
                List.of("one")), routes.get(1).authorizer());
        assertEquals(List.of("things/read"), routes.get(1).scopes());
    }

    @Test
    void whatCannotBeResolvedLocallyIsRefusedByName(@TempDir Path dir) throws IOException {
        // given
        SamTemplate template = load(dir, """
                # A parameter without a default, a resource only AWS creates, no value for either.
                Parameters:
                  Required:
                    Type: String
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: com.example.Handler
                """);
        StackValues values = new StackValues(template, "s", Map.of(), Map.of());

        // then
        assertTrue(assertThrows(IllegalArgumentException.class, () -> values.string(Map.of("Ref", "Required")))
                .getMessage().contains("Required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> values.string(Map.of("Ref", "Table")))
                .getMessage().contains("Table"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> values.string(Map.of("Fn::GetAtt", List.of("Table", "Arn")))).getMessage().contains("Table.Arn"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new StackValues(template, "s", Map.of("Unknown", "x"), Map.of())).getMessage().contains("Unknown"));
    }

    @Test
    void aRulePatternEventBridgeWouldRefuseStopsTheTemplateNamingTheRule(@TempDir Path dir) throws IOException {
        // given
        SamTemplate template = load(dir, """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: com.example.Handler
                      Events:
                        Fine:
                          Type: EventBridgeRule
                          Properties:
                            Pattern:
                              source: [{suffix: status}]
                        Broken:
                          Type: EventBridgeRule
                          Properties:
                            Pattern:
                              detail:
                                attempt: [{numeric: ["!=", 1]}]
                """);
        StackValues values = new StackValues(template, "s", Map.of(), Map.of());

        // when
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> template.functions(values));

        // then
        assertTrue(refused.getMessage().startsWith("the EventBridgeRule Broken of Fn has a Pattern EventBridge refuses: "),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("!="), refused.getMessage());
    }

    private static SamTemplate load(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, yaml);
        return SamTemplate.load(file);
    }
}
