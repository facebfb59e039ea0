package com.hubstatus.benchmark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Lambda Runtime API of one function's execution environment, on loopback: what the runtime
 * interface client polls for invocations and posts answers to. An invocation is queued with
 * {@link #invoke}; the runtime takes it at {@code /invocation/next} and answers at
 * {@code /invocation/{id}/response} or {@code /error}; {@code /init/error} fails every invocation.
 */
final class LambdaRuntimeApi implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime";

    /** What the function answered, and when (System.nanoTime) the answer arrived. */
    record Answer(String body, boolean error, long arrivedNanos) {
    }

    private record Pending(String requestId, String event, CompletableFuture<Answer> answer) {
    }

    private final String functionName;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Pending> queued = new LinkedBlockingQueue<>();
    private final Map<String, Pending> running = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initFailure = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile long firstPollNanos;

    LambdaRuntimeApi(String functionName) {
        this.functionName = functionName;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the runtime API's port", e);
        }
        server.setExecutor(threads);
        server.createContext(BASE + "/", this::serve);
        server.start();
    }

    /** {@code host:port}, as {@code AWS_LAMBDA_RUNTIME_API} names it. */
    String address() {
        return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** When the runtime first asked for an invocation (its init done), or 0 before it did. */
    long firstPollNanos() {
        return firstPollNanos;
    }

    /** Queues an invocation; the answer completes when the function posts it, or fails if its init failed. */
    CompletableFuture<Answer> invoke(String event) {
        Pending pending = new Pending("req-" + ids.incrementAndGet(), event, new CompletableFuture<>());
        initFailure.whenComplete((failure, ignored) -> pending.answer()
                .completeExceptionally(new IllegalStateException("the function's init failed: " + failure)));
        queued.add(pending);
        return pending.answer();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(BASE.length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.equals("/invocation/next")) {
                next(exchange);
            } else if (path.equals("/init/error")) {
                initFailure.complete(body);
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else if (path.startsWith("/invocation/") && (path.endsWith("/response") || path.endsWith("/error"))) {
                long arrived = System.nanoTime();
                String id = path.substring("/invocation/".length(), path.lastIndexOf('/'));
                Pending pending = running.remove(id);
                if (pending == null) {
                    reply(exchange, 400, "{\"errorMessage\":\"unknown request id\"}");
                    return;
                }
                pending.answer().complete(new Answer(body, path.endsWith("/error"), arrived));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"not found\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        if (firstPollNanos == 0) {
            firstPollNanos = System.nanoTime();
        }
        Pending pending;
        try {
            pending = queued.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        running.put(pending.requestId(), pending);
        var headers = exchange.getResponseHeaders();
        headers.add("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        headers.add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 300_000));
        headers.add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:000000000000:function:" + functionName);
        headers.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        reply(exchange, 200, pending.event());
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
