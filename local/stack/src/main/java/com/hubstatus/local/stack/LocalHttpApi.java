package com.hubstatus.local.stack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;
import com.hubstatus.testbed.SamFunction;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP API on a loopback port, as API Gateway serves it: a request to a route declared in the
 * template passes the route's JWT authorizer, then reaches its function as a payload 2.0 event;
 * API Gateway's own refusals ({@code 404 Not Found}, {@code 401 Unauthorized}, ...) come before any
 * function runs. Paths under {@code /_local/} are the stack's own controls, never a function's.
 */
final class LocalHttpApi implements AutoCloseable {

    static final String CONTROL_PREFIX = "/_local";
    /** API Gateway's payload limit. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private static final SecureRandom REQUEST_IDS = new SecureRandom();

    private final RouteTable routes;
    private final LocalIdentityProvider identities;
    private final LocalControl control;
    private final Clock wallClock;
    private final StackLog log;
    private final HttpServer server;
    private final ExecutorService requestThreads;

    LocalHttpApi(int port, RouteTable routes, LocalIdentityProvider identities, LocalControl control, Clock wallClock,
                 StackLog log) {
        this.routes = routes;
        this.identities = identities;
        this.control = control;
        this.wallClock = wallClock;
        this.log = log;
        for (SamFunction.HttpApiRoute route : routes.routes()) {
            if (isControl(route.path())) {
                throw new IllegalStateException("route " + route.routeKey() + " collides with the stack's " + CONTROL_PREFIX
                        + " controls");
            }
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port
                    + (port != 0 ? " (is another stack running? --port picks another)" : ""), e);
        }
        requestThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 1).factory());
        server.setExecutor(requestThreads);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        int status = 500;
        try (exchange) {
            Reply reply;
            try {
                reply = isControl(path) ? control.handle(exchange) : serve(exchange);
            } catch (RuntimeException bug) {
                log.line("http", method + " " + path + " failed inside the local stack: " + bug);
                reply = Reply.gateway(500, "Internal Server Error");
            }
            status = reply.status();
            send(exchange, reply);
        } catch (IOException clientGone) {
            // the client hung up; nothing left to answer
        } finally {
            log.request(method, path, status, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static boolean isControl(String path) {
        return path.equals(CONTROL_PREFIX) || path.startsWith(CONTROL_PREFIX + "/");
    }

    private Reply serve(HttpExchange exchange) throws IOException {
        Optional<RouteTable.Match> found = routes.match(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
        if (found.isEmpty()) {
            return Reply.gateway(404, "Not Found");
        }
        RouteTable.Match match = found.get();
        ObjectNode claims = null;
        SamFunction.JwtAuthorizer authorizer = match.route().authorizer();
        if (authorizer != null) {
            claims = identities.verify(token(exchange, authorizer), authorizer).orElse(null);
            if (claims == null) {
                return Reply.gateway(401, "Unauthorized");
            }
            List<String> scopes = LocalIdentityProvider.scopes(claims);
            if (!match.route().scopes().isEmpty()
                    && (scopes == null || match.route().scopes().stream().noneMatch(scopes::contains))) {
                return Reply.gateway(403, "Forbidden");
            }
        }
        byte[] body = readBody(exchange);
        if (body == null) {
            return Reply.gateway(413, "Request Entity Too Large");
        }
        String requestId = requestId();
        APIGatewayV2HTTPResponse response;
        try {
            response = match.function().invoke(HttpApiPayload.event(exchange, match, claims, body, requestId,
                    wallClock.instant()));
        } catch (LocalFunction.FunctionError failure) {
            log.line("function", failure.getMessage());
            return failure.timedOut() ? Reply.gateway(503, "Service Unavailable") : Reply.gateway(500, "Internal Server Error");
        }
        try {
            return HttpApiPayload.reply(response, requestId);
        } catch (IllegalArgumentException badBase64) {
            log.line("function", match.function().name() + " answered a body that is not valid base64");
            return Reply.gateway(500, "Internal Server Error");
        }
    }

    /** The identity source's value: a header (the Bearer prefix dropped) or a query parameter. */
    private static String token(HttpExchange exchange, SamFunction.JwtAuthorizer authorizer) {
        String source = authorizer.identitySource();
        String value = null;
        if (source.startsWith("$request.header.")) {
            value = exchange.getRequestHeaders().getFirst(source.substring("$request.header.".length()));
        } else if (source.startsWith("$request.querystring.")) {
            String name = source.substring("$request.querystring.".length()) + "=";
            String query = exchange.getRequestURI().getQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                if (pair.startsWith(name)) {
                    value = pair.substring(name.length());
                }
            }
        }
        if (value == null) {
            return null;
        }
        value = value.strip();
        return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).strip() : value;
    }

    /** The request body, or null when it is over API Gateway's limit. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    /** Shaped like API Gateway's: 15 characters of base64 and a padding sign. */
    private static String requestId() {
        byte[] id = new byte[11];
        REQUEST_IDS.nextBytes(id);
        return Base64.getEncoder().encodeToString(id);
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach(header -> exchange.getResponseHeaders().add(header.getKey(), header.getValue()));
        boolean empty = reply.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(reply.status(), empty ? -1 : reply.body().length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        requestThreads.shutdownNow();
    }

    /** An HTTP answer. */
    record Reply(int status, List<Map.Entry<String, String>> headers, byte[] body) {

        /** One of API Gateway's own answers, such as {@code 404 {"message":"Not Found"}}. */
        static Reply gateway(int status, String message) {
            return json(status, Json.mapper().createObjectNode().put("message", message));
        }

        static Reply json(int status, ObjectNode body) {
            return new Reply(status, List.of(Map.entry("content-type", "application/json")),
                    body.toString().getBytes(StandardCharsets.UTF_8));
        }

        Reply withHeader(String name, String value) {
            List<Map.Entry<String, String>> more = new ArrayList<>(headers);
            more.add(Map.entry(name.toLowerCase(Locale.ROOT), value));
            return new Reply(status, more, body);
        }
    }
}
