package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.local.emulators.SamFunction;
import com.hubstatus.local.emulators.SamTemplate;
import com.hubstatus.local.emulators.StackValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the stack runs comes from template.yaml: its routes, its functions' environment, its rules
 * and its schedules; an edited template changes what runs.
 */
class TemplateWiringIT {

    private static final Duration QUIET = Duration.ofSeconds(30);
    private static final String GATEWAY_NOT_FOUND = "{\"message\":\"Not Found\"}";

    @TempDir
    Path dataDir;

    @Test
    void everyHttpApiEventOfTheTemplateReachesItsFunctionWithItsEnvironment() {
        // given the routes template.yaml declares
        SamTemplate template = SamTemplate.ofRepository();
        List<SamFunction> functions = template.functions(new StackValues(template, DevStack.STACK_NAME,
                Map.of("JwtIssuer", "http://127.0.0.1:3000", "JwtAudience", DevStack.LOCAL_AUDIENCE,
                        "AutomationEndpoints", "google-ads=http://127.0.0.1:1/google-ads"),
                Map.of("HubTable", DevStack.TABLE_NAME)));
        List<SamFunction.HttpApiRoute> routes = functions.stream().flatMap(f -> f.routes().stream()).toList();
        assertEquals(10, routes.size());

        try (DevStack stack = start(SamTemplate.repositoryRoot().resolve("template.yaml"))) {
            StackClient api = new StackClient(stack.apiEndpoint());
            String token = stack.token("alice", "ws-demo", List.of());

            // when each is called
            for (SamFunction.HttpApiRoute route : routes) {
                String path = route.path().replace("{hubId}", "hub_unknown").replace("{app}", "google-ads");
                HttpRequest.BodyPublisher body = route.method().equals("POST") || route.method().equals("PATCH")
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody();
                StackClient.Answer answer = api.send(api.request(path, token)
                        .header("content-type", "application/json").method(route.method(), body));

                // then the function answered it, not API Gateway, and the function knew the route
                String what = route.routeKey() + " -> " + answer;
                assertNotEquals(GATEWAY_NOT_FOUND, new String(answer.raw()), what);
                assertNotEquals(401, answer.status(), what);
                JsonNode json = answer.json();
                assertTrue(answer.status() < 300 || json.has("error"), what);
                assertNotEquals("ROUTE_NOT_FOUND", json.at("/error/code").asText(), what);
            }

            // and each function runs with its template environment, pointed at the local stand-ins
            for (LocalFunction function : stack.functions()) {
                Map<String, String> env = function.environment();
                String name = function.name();
                assertEquals(DevStack.TABLE_NAME, env.get("TABLE_NAME"), name);
                assertEquals("hubstatus-local-hubs", env.get("EVENT_BUS_NAME"), name);
                assertEquals("PT24H", env.get("STALENESS_THRESHOLD"), name);
                assertEquals("hubstatus-operators", env.get("OPERATOR_GROUP"), name);
                assertEquals(stack.automationService().endpoints(), env.get("AUTOMATION_ENDPOINTS"), name);
                assertEquals(stack.dynamoEndpoint().toString(), env.get("DYNAMODB_ENDPOINT"), name);
                assertEquals(stack.busEndpoint().toString(), env.get("EVENTBRIDGE_ENDPOINT"), name);
                assertFalse(env.containsKey("SIMULATED_APP_FIXTURES"), name);
                assertEquals("us-east-1", env.get("AWS_REGION"), name);
            }
            assertEquals("hubstatus-local-hubs", stack.eventBusName());
        }
    }

    @Test
    void aRouteNotInTheTemplateIsApiGatewaysNotFound() {
        try (DevStack stack = start(SamTemplate.repositoryRoot().resolve("template.yaml"))) {
            StackClient api = new StackClient(stack.apiEndpoint());
            String token = stack.token("alice", "ws-demo", List.of());
            for (String[] request : new String[][] {
                    {"GET", "/apps"}, {"PUT", "/hubs/hub_1"}, {"GET", "/hubs/hub_1/sync"}, {"POST", "/hubs/hub_1/history"},
                    {"GET", "/hubs/"}, {"GET", "/hubs/hub_1/history/more"}, {"POST", "/"}}) {
                StackClient.Answer answer = api.send(api.request(request[1], token)
                        .method(request[0], HttpRequest.BodyPublishers.noBody()));
                assertEquals(404, answer.status(), String.join(" ", request));
                assertEquals(GATEWAY_NOT_FOUND, new String(answer.raw()), String.join(" ", request));
            }
        }
    }

    @Test
    void anEditedTemplateChangesTheRoutesRulesAndSchedulesThatRun() throws Exception {
        // given template.yaml with a route renamed, the sync rule moved to another bus and a slower sweep
        String yaml = Files.readString(SamTemplate.repositoryRoot().resolve("template.yaml"));
        String edited = replaceOnce(yaml, "Path: /hubs/{hubId}/history", "Path: /hubs/{hubId}/timeline");
        String syncRule = "        SyncRequested:\n          Type: EventBridgeRule\n          Properties:\n            EventBusName: ";
        edited = replaceOnce(edited, syncRule + "!Ref HubEventBus", syncRule + "default");
        edited = replaceOnce(edited, "Default: rate(15 minutes)", "Default: rate(2 hours)");
        Path template = dataDir.resolve("template.yaml");
        Files.writeString(template, edited);

        try (DevStack stack = start(template)) {
            StackClient api = new StackClient(stack.apiEndpoint());
            String token = stack.token("alice", "ws-demo", List.of());

            // then the renamed route reaches its function (which does not serve it), the old one nothing
            assertEquals(GATEWAY_NOT_FOUND, new String(api.get("/hubs/hub_1/history", token).raw()));
            assertEquals("ROUTE_NOT_FOUND", api.get("/hubs/hub_1/timeline", token).json().at("/error/code").asText());

            // and a sync asked for on the hub bus is never run by a rule listening on another bus
            StackClient.Answer connected = api.post("/hubs", token, "{\"app\":\"google-ads\",\"name\":\"Search\","
                    + "\"businessId\":\"2000000001\",\"serviceAccount\":\"sa-search\"}");
            String hubId = connected.json().get("hubId").asText();
            stack.awaitIdle(QUIET);
            assertEquals("REQUIRES_SYNC", api.get("/hubs/" + hubId, token).json().at("/status/code").asText(),
                    "the validation rule still runs");
            assertEquals(202, api.post("/hubs/" + hubId + "/sync", token, null).status());
            stack.awaitIdle(QUIET);
            JsonNode hub = api.get("/hubs/" + hubId, token).json();
            assertEquals("REQUESTED", hub.at("/sync/running/state").asText(), hub.toString());
            assertTrue(hub.at("/sync/lastAttempt").isNull(), hub.toString());

            // and the sweep fires every two hours, the validation retry still every five minutes
            assertEquals(1, stack.advanceClock(Duration.ofMinutes(61)), "only the validation retry");
            assertEquals(2, stack.advanceClock(Duration.ofMinutes(60)), "both");
            stack.awaitIdle(QUIET);
        }
    }

    private DevStack start(Path template) {
        return DevStack.start(StackOptions.defaults().withPort(0).withTemplate(template)
                .withFixtures(dataDir.resolve("simulated-apps.json")));
    }

    private static String replaceOnce(String text, String from, String to) {
        assertEquals(1, text.split(Pattern.quote(from), -1).length - 1,
                "template.yaml no longer has exactly one '" + from + "'; update this test");
        return text.replace(from, to);
    }
}
