package com.hubstatus.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Plays the automation service on a loopback port: answers with the replies it was given, in
 * order (the last one for every later request), and remembers every request.
 */
final class AutomationServiceStub implements AutoCloseable {

    /** What the stub answers one request with; a stalled reply waits until the stub closes. */
    record Reply(int status, String body, boolean stalls) {
        static Reply json(int status, String body) {
            return new Reply(status, body, false);
        }

        static Reply ok(String body) {
            return json(200, body);
        }

        static Reply stall() {
            return new Reply(200, "{\"outcome\":\"PASSED\"}", true);
        }
    }

    record Request(String method, String path, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Reply> replies = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    AutomationServiceStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL to configure, {@code http://127.0.0.1:port/v1}. */
    URI baseUri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/v1");
    }

    synchronized AutomationServiceStub willReply(Reply... next) {
        replies.addAll(List.of(next));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * The requests once at least {@code count} have arrived (or what arrived within a few seconds):
     * a stalled request may still be on its way in when its client has already given up.
     */
    List<Request> awaitRequests(int count) {
        synchronized (requests) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (requests.size() < count && System.nanoTime() < deadline) {
                try {
                    requests.wait(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (requests) {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders(), body));
                requests.notifyAll();
            }
            Reply reply = nextReply();
            if (reply.stalls()) {
                try {
                    closing.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private synchronized Reply nextReply() {
        if (replies.isEmpty()) {
            return Reply.json(500, "{\"message\":\"the stub was given no reply\"}");
        }
        return replies.size() > 1 ? replies.poll() : replies.peek();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
