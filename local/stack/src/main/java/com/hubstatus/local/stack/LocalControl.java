package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The stack's own endpoints under {@code /_local/}, which exist only locally and need no token
 * (the API listens on loopback only, and they refuse anyone else):
 *
 * <ul>
 *   <li>{@code GET /_local/authorize} and {@code POST /_local/token}: the identity provider's sign-in
 *       ({@link LocalSignIn})</li>
 *   <li>{@code POST /_local/tokens} {@code {"user": "carol", "workspace": "ws-demo", "groups": []}}: a token</li>
 *   <li>{@code GET /_local/clock}: the stack's time; {@code POST /_local/clock} {@code {"advance": "PT25H"}}
 *       moves it forward, and any schedule due by then fires at once</li>
 *   <li>{@code POST /_local/pause} and {@code POST /_local/resume}: hold event deliveries and schedules,
 *       then let them run, to look at the states in between</li>
 *   <li>{@code POST /_local/settle}: answers once every event delivery and schedule firing under way
 *       (with the ones they lead to) has finished, so a script reads the state they leave</li>
 * </ul>
 */
final class LocalControl {

    /** What IdentityReader accepts as a user or workspace id. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@|+-]{0,127}");
    /** API Gateway flattens groups to {@code [a b]}, so a group name holds no space or comma. */
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@|+-]{0,127}");
    private static final int MAX_BODY = 4096;
    private static final Duration SETTLE_WITHIN = Duration.ofSeconds(60);

    private final DevStack stack;

    LocalControl(DevStack stack) {
        this.stack = stack;
    }

    LocalHttpApi.Reply handle(HttpApiRequest request) {
        if (!isLoopback(request.sourceIp())) {
            return LocalHttpApi.Reply.gateway(403, "Forbidden");
        }
        String method = request.method();
        try {
            return switch (request.rawPath()) {
                case "/_local/tokens" -> method.equals("POST") ? token(body(request)) : notAllowed("POST");
                case LocalSignIn.AUTHORIZE_PATH -> method.equals("GET") ? stack.signIn().authorize(request.rawQuery())
                        : notAllowed("GET");
                case LocalSignIn.TOKEN_PATH -> method.equals("POST") ? stack.signIn().token(request.body())
                        : notAllowed("POST");
                case "/_local/clock" -> switch (method) {
                    case "GET" -> clock(0);
                    case "POST" -> advance(body(request));
                    default -> notAllowed("GET, POST");
                };
                case "/_local/pause" -> method.equals("POST") ? pause() : notAllowed("POST");
                case "/_local/resume" -> method.equals("POST") ? resume() : notAllowed("POST");
                case "/_local/settle" -> method.equals("POST") ? settle() : notAllowed("POST");
                default -> LocalHttpApi.Reply.gateway(404, "Not Found");
            };
        } catch (BadRequest e) {
            return LocalHttpApi.Reply.gateway(400, e.getMessage());
        }
    }

    private LocalHttpApi.Reply token(ObjectNode body) {
        onlyFields(body, Set.of("user", "workspace", "groups"));
        String user = id(body, "user");
        String workspace = id(body, "workspace");
        List<String> groups = new ArrayList<>();
        JsonNode listed = body.path("groups");
        if (!listed.isMissingNode()) {
            if (!listed.isArray()) {
                throw new BadRequest("groups must be an array of group names");
            }
            for (JsonNode group : listed) {
                if (!group.isTextual() || !GROUP.matcher(group.asText()).matches()) {
                    throw new BadRequest("groups must be an array of group names (letters, digits and ._:@|+-)");
                }
                groups.add(group.asText());
            }
        }
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.put("token", stack.identities().issue(user, workspace, groups));
        answer.put("user", user);
        answer.put("workspace", workspace);
        groups.forEach(answer.putArray("groups")::add);
        answer.put("expiresAt", stack.identities().expiryOfNewTokens().truncatedTo(ChronoUnit.SECONDS).toString());
        return LocalHttpApi.Reply.json(200, answer);
    }

    private LocalHttpApi.Reply advance(ObjectNode body) {
        onlyFields(body, Set.of("advance"));
        if (!body.path("advance").isTextual()) {
            throw new BadRequest("advance must be an ISO-8601 duration such as PT25H");
        }
        Duration by;
        try {
            by = Duration.parse(body.get("advance").asText());
        } catch (DateTimeParseException e) {
            throw new BadRequest("advance must be an ISO-8601 duration such as PT25H, not " + body.get("advance").asText());
        }
        if (by.isNegative()) {
            throw new BadRequest("the clock only moves forward");
        }
        return clock(stack.advanceClock(by));
    }

    private LocalHttpApi.Reply clock(int schedulesFired) {
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.put("now", stack.clock().instant().truncatedTo(ChronoUnit.MILLIS).toString());
        answer.put("offset", stack.clock().offset().toString());
        answer.put("schedulesFired", schedulesFired);
        return LocalHttpApi.Reply.json(200, answer);
    }

    private LocalHttpApi.Reply pause() {
        stack.pause();
        return LocalHttpApi.Reply.json(200, Json.mapper().createObjectNode().put("paused", true));
    }

    private LocalHttpApi.Reply resume() {
        stack.resume();
        return LocalHttpApi.Reply.json(200, Json.mapper().createObjectNode().put("paused", false));
    }

    private LocalHttpApi.Reply settle() {
        if (stack.paused()) {
            return LocalHttpApi.Reply.gateway(409, "deliveries are paused: POST /_local/resume first");
        }
        try {
            stack.awaitIdle(SETTLE_WITHIN);
        } catch (TimeoutException e) {
            return LocalHttpApi.Reply.gateway(503, "still busy after " + SETTLE_WITHIN.toSeconds() + " s: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LocalHttpApi.Reply.gateway(503, "the stack is shutting down");
        }
        return LocalHttpApi.Reply.json(200, Json.mapper().createObjectNode().put("settled", true));
    }

    private static LocalHttpApi.Reply notAllowed(String allowed) {
        return LocalHttpApi.Reply.gateway(405, "Method Not Allowed").withHeader("allow", allowed);
    }

    private static boolean isLoopback(String address) {
        try {
            // An address literal, as the server reports the client's: no name is looked up.
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }

    private static ObjectNode body(HttpApiRequest request) {
        byte[] bytes = request.body();
        if (bytes.length > MAX_BODY) {
            throw new BadRequest("the body is larger than " + MAX_BODY + " bytes");
        }
        try {
            if (Json.mapper().readTree(bytes) instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // answered below
        }
        throw new BadRequest("the body must be a JSON object");
    }

    private static void onlyFields(ObjectNode body, Set<String> allowed) {
        body.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new BadRequest("unknown field '" + name + "'; expected " + allowed.stream().sorted().toList());
            }
        });
    }

    private static String id(ObjectNode body, String field) {
        JsonNode value = body.path(field);
        if (!value.isTextual() || !ID.matcher(value.asText()).matches()) {
            throw new BadRequest(field + " is required: letters, digits and ._:@|+- (at most 128)");
        }
        return value.asText();
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
