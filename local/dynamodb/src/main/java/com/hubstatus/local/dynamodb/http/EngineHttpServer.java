package com.hubstatus.local.dynamodb.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.local.dynamodb.api.ApiException;
import com.hubstatus.local.dynamodb.api.DynamoDbService;
import com.hubstatus.local.dynamodb.json.JsonText;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * DynamoDB's JSON 1.0 protocol over HTTP/1.1 on a loopback port (the JDK's HttpServer, connections
 * kept alive): {@code POST /} with {@code X-Amz-Target: DynamoDB_20120810.<Operation>}. Any SigV4
 * Authorization is accepted without checking its signature; the region it names goes into ARNs.
 * Every answer carries {@code x-amzn-RequestId} and the CRC32 of its body, which the SDK checks.
 */
public final class EngineHttpServer implements AutoCloseable {

    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final Pattern REGION = Pattern.compile("Credential=[^/]*/[^/]*/([^/]+)/");

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile DynamoDbService service;

    private EngineHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds 127.0.0.1 at {@code port} (0 for a free one) without answering yet: the engine opens its
     * storage meanwhile, then calls {@link #serve}.
     */
    public static EngineHttpServer bind(int port) throws IOException {
        // The JDK server writes headers and body in separate packets; without TCP_NODELAY, delayed
        // ACKs hold each answer for ~40 ms. Read once per JVM, so set before the first server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        // Platform threads, reused: virtual threads would cost their scheduler's start-up at first use.
        ExecutorService executor = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("dynamodb-engine-", 0).factory());
        server.setExecutor(executor);
        return new EngineHttpServer(server, executor);
    }

    /** Starts answering requests with {@code dynamo}. */
    public void serve(DynamoDbService dynamo) {
        this.service = dynamo;
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if ("GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 200, "healthy: dynamodb engine".getBytes(StandardCharsets.UTF_8), "text/plain", false);
                return;
            }
            byte[] answer;
            int status = 200;
            try {
                answer = JsonText.write(dispatch(exchange, body));
            } catch (ApiException e) {
                status = e.type().status();
                answer = error(e);
            } catch (RuntimeException e) {
                System.err.println("dynamodb engine: internal error on " + exchange.getRequestHeaders().getFirst("X-Amz-Target") + ": " + e);
                e.printStackTrace(System.err);
                ApiException internal = new ApiException(ApiException.ErrorType.INTERNAL_SERVER_ERROR, "Internal server error: " + e);
                status = internal.type().status();
                answer = error(internal);
            }
            respond(exchange, status, answer, CONTENT_TYPE, probesReusedConnections(exchange));
        }
    }

    /**
     * True for the JDK's URL-connection client (the AWS SDK's {@code url-connection-client} among
     * them). Before every POST it streams over a kept-alive connection, it waits up to 1 ms for the
     * server to show the connection is closed (sun.net.www.http.HttpClient#available), so reusing a
     * connection costs it more than opening a new one on loopback (~0.1 ms). Such clients are asked
     * to close after each answer; every other client keeps its connection.
     */
    private static boolean probesReusedConnections(HttpExchange exchange) {
        String agent = exchange.getRequestHeaders().getFirst("User-Agent");
        return agent != null && (agent.contains("md/http#UrlConnection") || agent.startsWith("Java/"));
    }

    private ObjectNode dispatch(HttpExchange exchange, byte[] body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
            throw new ApiException(ApiException.ErrorType.UNKNOWN_OPERATION, "Unknown operation: " + (target == null ? "no X-Amz-Target" : target));
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw new ApiException(ApiException.ErrorType.MISSING_AUTHENTICATION_TOKEN, "Request is missing Authentication Token");
        }
        String region = "us-east-1";
        Matcher matcher = REGION.matcher(authorization);
        if (matcher.find()) {
            region = matcher.group(1);
        }
        JsonNode request;
        try {
            request = body.length == 0 ? JsonNodeFactory.instance.objectNode() : JsonText.parse(body);
        } catch (JsonText.MalformedJsonException e) {
            throw ApiException.serialization("The request body is not valid JSON: " + e.getMessage());
        }
        if (request == null || !request.isObject()) {
            throw ApiException.serialization("Start of structure or map found where not expected");
        }
        return service.call(target.substring(TARGET_PREFIX.length()), request, region);
    }

    private static byte[] error(ApiException e) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("__type", e.type().wireType());
        node.put("message", e.getMessage());
        if (e.extra() != null) {
            node.setAll(e.extra());
        }
        return JsonText.write(node);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, String contentType, boolean close) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(body);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId());
        exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
        if (close) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A random request id in UUID form, without SecureRandom's cost. */
    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
