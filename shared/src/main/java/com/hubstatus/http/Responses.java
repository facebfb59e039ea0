package com.hubstatus.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;

import java.util.HashMap;
import java.util.Map;

/** HTTP API responses: JSON bodies, and errors as {@code {"error": {"code", "message"}}}. */
public final class Responses {

    private static final Map<String, String> JSON_HEADERS = Map.of(
            "content-type", "application/json",
            "cache-control", "no-store");

    private Responses() {
    }

    public static APIGatewayV2HTTPResponse json(int status, JsonNode body) {
        return json(status, body, JSON_HEADERS);
    }

    /**
     * An answer carrying one hub, with its version as a strong entity tag: a client sends it back
     * in {@code If-Match} to change or disconnect the hub only as it saw it.
     */
    public static APIGatewayV2HTTPResponse hub(int status, JsonNode body, long version) {
        return json(status, body, withJsonHeaders(Map.of("etag", entityTag(version))));
    }

    public static APIGatewayV2HTTPResponse created(JsonNode body, String location, long version) {
        return json(201, body, withJsonHeaders(Map.of("location", location, "etag", entityTag(version))));
    }

    private static APIGatewayV2HTTPResponse json(int status, JsonNode body, Map<String, String> headers) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(Json.write(body))
                .withIsBase64Encoded(false)
                .build();
    }

    private static Map<String, String> withJsonHeaders(Map<String, String> more) {
        Map<String, String> headers = new HashMap<>(JSON_HEADERS);
        headers.putAll(more);
        return Map.copyOf(headers);
    }

    public static String entityTag(long version) {
        return "\"" + version + "\"";
    }

    public static APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204).withHeaders(Map.of("cache-control", "no-store"))
                .withIsBase64Encoded(false).build();
    }

    public static APIGatewayV2HTTPResponse error(ApiException e) {
        return json(e.status(), errorBody(e.code(), e.getMessage()));
    }

    public static ObjectNode errorBody(String code, String message) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return body;
    }
}
