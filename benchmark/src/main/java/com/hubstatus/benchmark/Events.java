package com.hubstatus.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;
import com.hubstatus.local.emulators.SamTemplate;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The events the benchmark invokes functions with: the sample events of {@code events/} (what
 * API Gateway and EventBridge deliver) with the caller, path and body of each request; and the
 * events the functions published, as EventBridge hands them to a target.
 */
final class Events {

    static final String OWNER = "bench-owner";

    private static final AtomicLong REQUESTS = new AtomicLong();
    private final Path samples = SamTemplate.repositoryRoot().resolve("events");

    /** {@code POST /hubs}: {@link #OWNER} connects a LinkedIn Campaign Manager hub (any business ID passes its checks). */
    String connect(String workspaceId, int n) {
        String body = "{\"app\":\"linkedin-campaign-manager\",\"name\":\"Bench hub " + n + "\",\"businessId\":\"5"
                + String.format("%09d", n) + "\",\"serviceAccount\":\"sa-marketing\"}";
        return api("ConnectHubFunction/ConnectHub.json", workspaceId, Map.of(), "/hubs", body);
    }

    /** {@code GET /hubs/{hubId}}. */
    String readHub(String workspaceId, String hubId) {
        return api("ReadStatusFunction/GetHub.json", workspaceId, Map.of("hubId", hubId), "/hubs/" + hubId, null);
    }

    /** {@code GET /hubs?limit=...}, after {@code cursor} when there is one. */
    String listHubs(String workspaceId, int limit, String cursor) {
        ObjectNode event = sample("ReadStatusFunction/ListHubs.json");
        ObjectNode query = event.putObject("queryStringParameters");
        query.put("limit", Integer.toString(limit));
        if (cursor != null) {
            query.put("cursor", cursor);
        }
        event.put("rawQueryString", "limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
        return finish(event, workspaceId, Map.of(), "/hubs", null);
    }

    /** {@code POST /hubs/{hubId}/sync}. */
    String startSync(String workspaceId, String hubId) {
        return api("StartSyncFunction/RunSync.json", workspaceId, Map.of("hubId", hubId), "/hubs/" + hubId + "/sync", null);
    }

    /** A schedule's event, for the function whose schedule it is. */
    String scheduled(String sample) {
        ObjectNode event = sample(sample);
        event.put("id", "bench-" + REQUESTS.incrementAndGet());
        return event.toString();
    }

    /** An event the functions published, as EventBridge delivers it to a rule's target. */
    static String delivered(BusEvent event) {
        return LocalEventBridge.toLambdaPayload(event);
    }

    /** The first event of {@code detailType} on the bus whose detail has {@code field} = {@code value}. */
    static Optional<BusEvent> published(LocalEventBridge bus, String detailType, String field, String value) {
        return bus.events(detailType).stream().filter(e -> value.equals(e.detail().path(field).asText())).findFirst();
    }

    /** Every event of {@code detailType} on the bus, oldest first. */
    static List<BusEvent> published(LocalEventBridge bus, String detailType) {
        return bus.events(detailType);
    }

    /** An HTTP API answer (the function's APIGatewayV2HTTPResponse) as status and JSON body. */
    record ApiAnswer(int status, JsonNode body) {

        static ApiAnswer of(String answer) {
            try {
                JsonNode response = Json.mapper().readTree(answer);
                String body = response.path("body").asText("");
                return new ApiAnswer(response.path("statusCode").asInt(),
                        body.isEmpty() ? Json.mapper().createObjectNode() : Json.mapper().readTree(body));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON answer: " + answer, e);
            }
        }

        ApiAnswer expect(int expected) {
            if (status != expected) {
                throw new IllegalStateException("expected " + expected + ", answered " + status + " " + body);
            }
            return this;
        }
    }

    /** What an EventBridge function answered: its {@code outcome}. */
    static String outcome(String answer) {
        try {
            return Json.mapper().readTree(answer).path("outcome").asText("?");
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON answer: " + answer, e);
        }
    }

    private String api(String sample, String workspaceId, Map<String, String> pathParameters, String path, String body) {
        return finish(sample(sample), workspaceId, pathParameters, path, body);
    }

    private static String finish(ObjectNode event, String workspaceId, Map<String, String> pathParameters, String path,
                                 String body) {
        ObjectNode context = (ObjectNode) event.get("requestContext");
        ObjectNode claims = (ObjectNode) context.get("authorizer").get("jwt").get("claims");
        claims.put("sub", OWNER);
        claims.put("workspace_id", workspaceId);
        context.put("requestId", "bench-" + REQUESTS.incrementAndGet());
        context.put("timeEpoch", System.currentTimeMillis());
        ((ObjectNode) context.get("http")).put("path", path);
        event.put("rawPath", path);
        if (pathParameters.isEmpty()) {
            event.remove("pathParameters");
        } else {
            ObjectNode parameters = event.putObject("pathParameters");
            pathParameters.forEach(parameters::put);
        }
        if (body == null) {
            event.remove("body");
        } else {
            event.put("body", body);
        }
        return event.toString();
    }

    private ObjectNode sample(String name) {
        try {
            return (ObjectNode) Json.mapper().readTree(samples.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample event " + name, e);
        }
    }
}
