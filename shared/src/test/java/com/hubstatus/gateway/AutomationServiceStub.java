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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
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

    /** How a reply goes out. */
    enum Delivery {
        /** At once. */
        WHOLE,
        /** Not at all: the stub waits until it closes. */
        STALLED,
        /** Its status and headers at once, then its body one byte every {@link #TRICKLE_INTERVAL}. */
        TRICKLED
    }

    /** Between two bytes of a trickled body. */
    static final Duration TRICKLE_INTERVAL = Duration.ofMillis(100);

    /** What the stub answers one request with. */
    record Reply(int status, String body, Delivery delivery, Map<String, String> headers) {
        static Reply json(int status, String body) {
            return new Reply(status, body, Delivery.WHOLE, Map.of());
        }

        static Reply ok(String body) {
            return json(200, body);
        }

        static Reply stall() {
            return new Reply(200, "{\"outcome\":\"PASSED\"}", Delivery.STALLED, Map.of());
        }

        /** A passing check whose body takes {@code bytes} times {@link #TRICKLE_INTERVAL} to arrive. */
        static Reply trickle(int bytes) {
            String body = "{\"outcome\":\"PASSED\"}";
            return new Reply(200, " ".repeat(Math.max(0, bytes - body.length())) + body, Delivery.TRICKLED, Map.of());
        }

        static Reply redirect(int status, String location) {
            return new Reply(status, "", Delivery.WHOLE, Map.of("Location", location));
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
            if (reply.delivery() == Delivery.STALLED) {
                awaitClosing(Duration.ofSeconds(30));
                return;
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            reply.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (reply.delivery() == Delivery.TRICKLED) {
                    for (int i = 0; i < bytes.length && !awaitClosing(TRICKLE_INTERVAL); i++) {
                        out.write(bytes[i]);
                        out.flush();
                    }
                } else {
                    out.write(bytes);
                }
            }
        }
    }

    /** Waits up to {@code wait} for the stub to close; whether it did. */
    private boolean awaitClosing(Duration wait) {
        try {
            return closing.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
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
