package com.hubstatus.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP proxy on loopback between a real SDK client and the service it talks to (the DynamoDB
 * engine, the local event bus), where a test injects faults: a {@link Fault} sees each request
 * and may answer it with an error instead of forwarding it, or rewrite it on the way. Faults are
 * injected where they happen in production, at the HTTP boundary, not by mocking the client.
 */
final class FaultProxy implements AutoCloseable {

    private static final Set<String> UNFORWARDED = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "upgrade", "keep-alive");

    /** What the proxy does with one request. */
    interface Fault {
        /** The request as the client sent it. */
        record Request(String target, String body) {
        }

        /** Forward as it is. */
        Fault NONE = request -> Action.forward();

        Action apply(Request request);
    }

    /** Forward a request (possibly rewritten), or answer it with an error of the service's shape. */
    record Action(String forwardBody, int status, String errorBody, ResponseRewrite rewrite) {
        static Action forward() {
            return new Action(null, 0, null, null);
        }

        static Action forward(String body, ResponseRewrite rewrite) {
            return new Action(body, 0, null, rewrite);
        }

        static Action fail(int status, String body) {
            return new Action(null, status, body, null);
        }

        boolean fails() {
            return status != 0;
        }
    }

    /** Rewrites the service's answer to a forwarded request. */
    interface ResponseRewrite {
        String apply(String body);
    }

    private final URI target;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong injected = new AtomicLong();
    private volatile Fault fault = Fault.NONE;
    private volatile Observer observer = (request, status, answer) -> { };

    /** Sees each forwarded request with the service's answer. */
    interface Observer {
        void seen(Fault.Request request, int status, String answer);
    }

    FaultProxy(URI target) {
        this.target = target;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void inject(Fault newFault) {
        fault = newFault;
    }

    void heal() {
        fault = Fault.NONE;
    }

    void observe(Observer newObserver) {
        observer = newObserver;
    }

    /** How many requests a fault answered or rewrote. */
    long injected() {
        return injected.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Action action = fault.apply(new Fault.Request(amzTarget == null ? "" : amzTarget, body));
            if (action.fails()) {
                injected.incrementAndGet();
                respond(exchange, action.status(), "application/x-amz-json-1.0", action.errorBody());
                return;
            }
            if (action.forwardBody() != null) {
                injected.incrementAndGet();
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().getRawPath()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofString(
                            action.forwardBody() != null ? action.forwardBody() : body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!UNFORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> forward.header(name, value));
                }
            });
            HttpResponse<String> answer;
            try {
                answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            observer.seen(new Fault.Request(amzTarget == null ? "" : amzTarget, body), answer.statusCode(), answer.body());
            String answerBody = action.rewrite() != null ? action.rewrite().apply(answer.body()) : answer.body();
            answer.headers().map().forEach((name, values) -> {
                if (!UNFORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("x-amz-crc32")
                        && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            respond(exchange, answer.statusCode(), null, answerBody);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        client.close();
    }
}
