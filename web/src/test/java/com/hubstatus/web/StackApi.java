package com.hubstatus.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubstatus.local.stack.DevStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** What a test sets up without the page, through the HTTP API, as the demo users. */
final class StackApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final DevStack stack;

    StackApi(DevStack stack) {
        this.stack = stack;
    }

    /** The demo users' tokens, as the stack's sign-in gives them. */
    String token(String user) {
        return switch (user) {
            case "alice", "bob" -> stack.token(user, "ws-demo", List.of());
            case "olivia" -> stack.token(user, "ws-demo", List.of("hubstatus-operators"));
            case "mallory" -> stack.token(user, "ws-other", List.of());
            default -> throw new IllegalArgumentException("not a demo user: " + user);
        };
    }

    /** Connects a hub as {@code user}, who becomes its owner; answers its id. */
    String connect(String user, String app, String name, String businessId, String serviceAccount, String... managers) {
        var body = JSON.createObjectNode().put("app", app).put("name", name).put("businessId", businessId)
                .put("serviceAccount", serviceAccount);
        var listed = body.putArray("managers");
        for (String manager : managers) {
            listed.add(manager);
        }
        return send(user, "POST", "/hubs", body.toString(), 201).get("hubId").asText();
    }

    JsonNode hub(String user, String hubId) {
        return send(user, "GET", "/hubs/" + hubId, null, 200);
    }

    /** Changes a hub's settings as {@code user} (a JSON object of the fields to change), at whatever version it is. */
    void change(String user, String hubId, String json) {
        send(user, "PATCH", "/hubs/" + hubId, json, 200);
    }

    void sync(String user, String hubId) {
        send(user, "POST", "/hubs/" + hubId + "/sync", null, 202);
    }

    private JsonNode send(String user, String method, String path, String body, int expected) {
        URI uri = stack.apiEndpoint().resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + token(user))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
