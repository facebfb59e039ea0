package com.hubstatus.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;
import com.hubstatus.local.emulators.SamTemplate;
import com.hubstatus.local.emulators.eventbridge.BusEvent;
import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Lambda events for handler tests, from the sample events under the repository's {@code events/}
 * (the files {@code sam local invoke -e} takes), and the handlers' answers as JSON.
 */
public final class LambdaEvents {

    private LambdaEvents() {
    }

    /** A file under the repository's {@code events/} folder. */
    public static Path eventFile(String name) {
        return SamTemplate.repositoryRoot().resolve("events").resolve(name);
    }

    public static String eventFileText(String name) {
        try {
            return Files.readString(eventFile(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTP API event from {@code events/}, as API Gateway would deliver it. */
    public static APIGatewayV2HTTPEvent httpEvent(String name) {
        return EventLoader.loadApiGatewayHttpEvent(eventFile(name).toString());
    }

    /** The same event from another caller. */
    public static APIGatewayV2HTTPEvent as(APIGatewayV2HTTPEvent event, String userId, String workspaceId, String groups) {
        Map<String, String> claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("sub", userId);
        claims.put("workspace_id", workspaceId);
        claims.put("groups", groups);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        return event;
    }

    public static APIGatewayV2HTTPEvent withHubId(APIGatewayV2HTTPEvent event, String hubId) {
        event.setPathParameters(Map.of("hubId", hubId));
        return event;
    }

    public static APIGatewayV2HTTPEvent withBody(APIGatewayV2HTTPEvent event, String body) {
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }

    /** An EventBridge event from {@code events/} with some detail fields replaced. */
    public static InputStream busEvent(String name, Map<String, String> detail) {
        try {
            ObjectNode root = (ObjectNode) Json.mapper().readTree(eventFile(name).toFile());
            ObjectNode fields = (ObjectNode) root.get("detail");
            detail.forEach(fields::put);
            return raw(root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static InputStream raw(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    /** What EventBridge delivers to a rule target for a recorded event. */
    public static InputStream delivery(BusEvent event) {
        return raw(LocalEventBridge.toLambdaPayload(event));
    }

    /** Invokes a stream handler and returns its JSON answer. */
    public static JsonNode invoke(RequestStreamHandler handler, InputStream event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(event, out, null);
            return Json.mapper().readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return response.getBody() == null ? Json.mapper().nullNode() : Json.mapper().readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
