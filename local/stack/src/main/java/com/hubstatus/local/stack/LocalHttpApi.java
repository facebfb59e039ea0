package com.hubstatus.local.stack;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;
import com.hubstatus.local.emulators.SamFunction;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The HTTP API on a loopback port, as API Gateway serves it: a request to a route declared in the
 * template passes the route's JWT authorizer, then reaches its function as a payload 2.0 event;
 * API Gateway's own refusals ({@code 404 Not Found}, {@code 401 Unauthorized}, ...) come before any
 * function runs. Every answer of the API is JSON, a malformed request's too. Beside the API it serves the
 * identity provider's discovery document and key set under {@code /.well-known/}, the API's
 * OpenAPI document at {@value #OPENAPI_PATH}, the stack's own controls under {@code /_local/}, none
 * of them ever a function's, and the Business Hubs page's files where no route is ({@link LocalWebPage}).
 */
final class LocalHttpApi implements AutoCloseable {

    static final String CONTROL_PREFIX = "/_local";
    static final String WELL_KNOWN_PREFIX = "/.well-known";
    /** Where the API's OpenAPI document (docs/openapi.yaml, as the stack was built with it) is served. */
    static final String OPENAPI_PATH = "/openapi.yaml";
    /** API Gateway's payload limit. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    /** A percent sign not followed by two hex digits: no URI can carry it. */
    private static final Pattern MALFORMED_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    private static final SecureRandom REQUEST_IDS = new SecureRandom();

    private final StackLog log;
    private final Server server;
    private final ServerConnector connector;
    private RouteTable routes;
    private LocalIdentityProvider identities;
    private LocalJwtAuthorizer authorizer;
    private LocalControl control;
    private LocalWebPage page;
    private Clock wallClock;

    /** Takes the loopback port at once, so the stack knows its own URL (the tokens' issuer) before it serves. */
    LocalHttpApi(int port, StackLog log) {
        this.log = log;
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("http");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 1).factory()));
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        // Headers as large as API Gateway takes (10 KiB and then some), so a long token is the
        // authorizer's 401, not a parser's refusal that also closes the connection.
        http.setRequestHeaderSize(16 * 1024);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Let every request line through to the routes: a strange path is API Gateway's 404 or 400, not Jetty's.
        http.setUriCompliance(UriCompliance.UNSAFE);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrors());
        try {
            connector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port
                    + (port != 0 ? " (is another stack running? --port picks another)" : ""), e);
        }
    }

    int port() {
        return connector.getLocalPort();
    }

    /** Where the API is served, such as {@code http://127.0.0.1:3000}: also the local tokens' issuer. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Starts answering: the routes through the authorizer, the identity provider's documents, the controls, the page. */
    void serve(RouteTable routes, LocalIdentityProvider identities, LocalJwtAuthorizer authorizer, LocalControl control,
               LocalWebPage page, Clock wallClock) {
        for (SamFunction.HttpApiRoute route : routes.routes()) {
            if (isUnder(route.path(), CONTROL_PREFIX) || isUnder(route.path(), WELL_KNOWN_PREFIX)
                    || route.path().equals(OPENAPI_PATH)) {
                throw new IllegalStateException("route " + route.routeKey() + " collides with the stack's own "
                        + CONTROL_PREFIX + ", " + WELL_KNOWN_PREFIX + " or " + OPENAPI_PATH + " paths");
            }
        }
        this.routes = routes;
        this.identities = identities;
        this.authorizer = authorizer;
        this.control = control;
        this.page = page;
        this.wallClock = wallClock;
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                LocalHttpApi.this.handle(request, response, callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP API did not start: " + e.getMessage(), e);
        }
    }

    private void handle(Request request, Response response, Callback callback) {
        long started = System.nanoTime();
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        Reply reply;
        try {
            reply = answer(request);
        } catch (IOException clientGone) {
            reply = Reply.gateway(400, "Bad Request");
        } catch (RuntimeException bug) {
            log.line("http", method + " " + path + " failed inside the local stack: " + bug);
            reply = Reply.gateway(500, "Internal Server Error");
        }
        send(reply, response, callback);
        log.request(method, path, reply.status(), (System.nanoTime() - started) / 1_000_000);
    }

    private Reply answer(Request jettyRequest) throws IOException {
        String path = jettyRequest.getHttpURI().getPath();
        if (path == null || !path.startsWith("/") || MALFORMED_ESCAPE.matcher(path).find()) {
            return Reply.gateway(400, "Bad Request");
        }
        byte[] body = readBody(jettyRequest);
        if (body == null) {
            return Reply.gateway(413, "Request Entity Too Large");
        }
        HttpApiRequest request = request(jettyRequest, path, body);
        if (isUnder(path, CONTROL_PREFIX)) {
            return control.handle(request);
        }
        if (isUnder(path, WELL_KNOWN_PREFIX)) {
            return wellKnown(request);
        }
        if (path.equals(OPENAPI_PATH)) {
            return openApiDocument(request);
        }
        return serve(request);
    }

    private static HttpApiRequest request(Request request, String path, byte[] body) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (HttpField field : request.getHeaders()) {
            headers.add(Map.entry(field.getName(), field.getValue() == null ? "" : field.getValue()));
        }
        return new HttpApiRequest(request.getMethod(), path, request.getHttpURI().getQuery(), headers, body,
                Request.getRemoteAddr(request), Request.getLocalPort(request),
                request.getConnectionMetaData().getProtocol());
    }

    /** The identity provider's documents, which any OpenID client (and API Gateway) fetches without a token. */
    private Reply wellKnown(HttpApiRequest request) {
        ObjectNode document = switch (request.rawPath()) {
            case LocalIdentityProvider.DISCOVERY_PATH -> identities.discovery();
            case LocalIdentityProvider.JWKS_PATH -> (ObjectNode) Json.mapper().valueToTree(identities.jwks().toJSONObject());
            default -> null;
        };
        if (document == null) {
            return Reply.gateway(404, "Not Found");
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Reply.gateway(405, "Method Not Allowed").withHeader("allow", "GET, HEAD");
        }
        return Reply.json(200, document);
    }

    /** The API's description, for any OpenAPI tool; like the identity provider's documents, it needs no token. */
    private static Reply openApiDocument(HttpApiRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Reply.gateway(405, "Method Not Allowed").withHeader("allow", "GET, HEAD");
        }
        try (InputStream document = LocalHttpApi.class.getResourceAsStream("openapi.yaml")) {
            if (document == null) {
                throw new IllegalStateException("openapi.yaml is not among the stack's resources; build local/stack again");
            }
            return new Reply(200, List.of(Map.entry("content-type", "application/yaml")), document.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled openapi.yaml", e);
        }
    }

    private Reply serve(HttpApiRequest request) {
        Optional<RouteTable.Match> found = routes.match(request.method(), request.rawPath());
        if (found.isEmpty()) {
            // Where no route is, the page's files are, as CloudFront's default behaviour serves them.
            return page.serve(request).orElseGet(() -> Reply.gateway(404, "Not Found"));
        }
        RouteTable.Match match = found.get();
        ObjectNode claims = null;
        SamFunction.JwtAuthorizer jwt = match.route().authorizer();
        if (jwt != null) {
            claims = authorizer.verify(token(request, jwt), jwt).orElse(null);
            if (claims == null) {
                return Reply.gateway(401, "Unauthorized");
            }
            List<String> scopes = LocalJwtAuthorizer.scopes(claims);
            if (!match.route().scopes().isEmpty()
                    && (scopes == null || match.route().scopes().stream().noneMatch(scopes::contains))) {
                return Reply.gateway(403, "Forbidden");
            }
        }
        String requestId = requestId();
        APIGatewayV2HTTPResponse response;
        try {
            response = match.function().invoke(HttpApiPayload.event(request, match, claims, requestId, wallClock.instant()));
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
    private static String token(HttpApiRequest request, SamFunction.JwtAuthorizer authorizer) {
        String source = authorizer.identitySource();
        String value = null;
        if (source.startsWith("$request.header.")) {
            value = request.header(source.substring("$request.header.".length()));
        } else if (source.startsWith("$request.querystring.")) {
            String name = source.substring("$request.querystring.".length()) + "=";
            String query = request.rawQuery();
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

    private static boolean isUnder(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** The request body, or null when it is over API Gateway's limit. */
    private static byte[] readBody(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
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

    private static void send(Reply reply, Response response, Callback callback) {
        response.setStatus(reply.status());
        HttpFields.Mutable headers = response.getHeaders();
        reply.headers().forEach(header -> headers.add(header.getKey(), header.getValue()));
        // Also on a HEAD answer, which carries no body: the length the GET's body would have.
        headers.put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }

    @Override
    public void close() {
        try {
            boolean served = server.isStarted();
            server.stop();
            if (!served) {
                connector.close();
            }
        } catch (Exception e) {
            log.line("http", "the HTTP API did not stop cleanly: " + e);
        }
    }

    /**
     * What Jetty answers itself, before a request reaches the API (a request line or header it
     * cannot parse, headers too large), as API Gateway would: {@code {"message": "Bad Request"}}.
     * An HTTP version or transfer coding it does not take is the request's fault too, so a 400,
     * not the 505 or 501 Jetty would say.
     */
    private static final class JsonErrors extends ErrorHandler {

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json");
            return ByteBuffer.wrap(Reply.gateway(status, reason(status)).body());
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                        Callback callback) {
            int status = code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 || code == HttpStatus.NOT_IMPLEMENTED_501
                    ? HttpStatus.BAD_REQUEST_400 : code;
            Reply reply = Reply.gateway(status, reason(status));
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
            response.write(true, ByteBuffer.wrap(reply.body()), callback);
        }

        private static String reason(int status) {
            String reason = HttpStatus.getMessage(status);
            return reason == null ? "Error" : reason;
        }
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
