package com.hubstatus.local.emulators.automation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.local.emulators.ServerSlot;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The vendor's automation service on a loopback port, behind a stand-in for an IAM-authorized API
 * Gateway: {@code POST /{app-id}/checks} and {@code POST /{app-id}/syncs} as
 * {@code docs/automation-service.md} specifies, answered by {@link SimulatedApps}. A request that is
 * not SigV4-signed for {@code execute-api} ({@link SigV4Verifier}) gets API Gateway's {@code 403}
 * and never reaches the apps.
 */
public final class AutomationServiceEmulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimulatedApps apps;
    private final SigV4Verifier verifier;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final ServerSlot server = new ServerSlot();

    /**
     * @param apps                 what the service answers
     * @param region               the region requests must be signed for
     * @param secretsByAccessKeyId the access keys whose signatures are recomputed (see {@link SigV4Verifier})
     */
    public AutomationServiceEmulator(SimulatedApps apps, String region, Map<String, String> secretsByAccessKeyId) {
        this.apps = Objects.requireNonNull(apps, "apps");
        this.verifier = new SigV4Verifier(region, secretsByAccessKeyId);
    }

    /** Listens on a free loopback port. */
    public AutomationServiceEmulator start() {
        return start(0);
    }

    public AutomationServiceEmulator start(int port) {
        server.start(port, this::handle);
        return this;
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** Every app's base URL on this service, written as {@code AUTOMATION_ENDPOINTS} takes them. */
    public String endpoints() {
        URI endpoint = endpoint();
        return SimulatedApps.App.ALL.stream()
                .map(app -> app.id() + "=" + endpoint + "/" + app.id())
                .collect(Collectors.joining(","));
    }

    /** How many requests got an answer of the apps. */
    public int answered() {
        return answered.get();
    }

    /** How many requests were refused for their signature. */
    public int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            URI uri = exchange.getRequestURI();
            String problem = verifier.problem(new SigV4Verifier.Request(exchange.getRequestMethod(), uri.getRawPath(),
                    uri.getRawQuery(), name -> {
                        List<String> values = exchange.getRequestHeaders().get(name);
                        return values == null ? List.of() : values;
                    }, body));
            if (problem != null) {
                refused.incrementAndGet();
                reply(exchange, 403, JSON.createObjectNode().put("message", problem));
                return;
            }
            String[] path = uri.getPath().split("/");
            if (path.length != 3 || !path[0].isEmpty() || !(path[2].equals("checks") || path[2].equals("syncs"))) {
                reply(exchange, 404, JSON.createObjectNode().put("message", "Not Found"));
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 405, JSON.createObjectNode().put("message", "Method Not Allowed"));
                return;
            }
            SimulatedApps.App app = SimulatedApps.App.byId(path[1]).orElse(null);
            if (app == null) {
                reply(exchange, 404, JSON.createObjectNode().put("message", "no app " + path[1]));
                return;
            }
            JsonNode request;
            try {
                request = JSON.readTree(body);
            } catch (IOException e) {
                request = null;
            }
            if (request == null || !request.isObject() || !app.id().equals(text(request, "app"))) {
                reply(exchange, 400, JSON.createObjectNode().put("message", "the body is not a request for " + app.id()));
                return;
            }
            SimulatedApps.Hub hub = new SimulatedApps.Hub(app, text(request, "businessId"), text(request, "serviceAccountRef"));
            ObjectNode answer = JSON.createObjectNode();
            if (path[2].equals("checks")) {
                SimulatedApps.Check check = apps.check(hub);
                answer.put("outcome", check.hasPassed() ? "PASSED" : "FAILED");
                if (!check.hasPassed()) {
                    ArrayNode findings = answer.putArray("findings");
                    check.findings().forEach(finding -> findings.add(json(finding)));
                }
            } else {
                String runId = text(request, "runId");
                if (runId == null || runId.isBlank()) {
                    reply(exchange, 400, JSON.createObjectNode().put("message", "a sync needs a runId"));
                    return;
                }
                SimulatedApps.Sync sync = apps.sync(hub, runId);
                answer.put("outcome", sync.succeeded() ? "SUCCEEDED" : "FAILED");
                if (!sync.succeeded()) {
                    answer.set("failure", json(sync.failure()));
                }
            }
            answered.incrementAndGet();
            reply(exchange, 200, answer);
        }
    }

    private static ObjectNode json(SimulatedApps.Finding finding) {
        return JSON.createObjectNode().put("cause", finding.cause()).put("detail", finding.detail());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.textValue();
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
