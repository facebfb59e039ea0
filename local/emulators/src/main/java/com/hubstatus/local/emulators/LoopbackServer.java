package com.hubstatus.local.emulators;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The JDK's HTTP server on 127.0.0.1, a virtual thread per request, as the emulated services listen. */
public final class LoopbackServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService requestThreads;

    private LoopbackServer(HttpServer server, ExecutorService requestThreads) {
        this.server = server;
        this.requestThreads = requestThreads;
    }

    /** Listens on {@code port} (0: any free one) and serves every path with {@code handler}. */
    public static LoopbackServer start(int port, HttpHandler handler) {
        // The JDK server writes headers and body in separate packets; without TCP_NODELAY, delayed
        // ACKs hold each answer for ~40 ms. Read once per JVM, so set before the first server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        ExecutorService requestThreads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(requestThreads);
        server.createContext("/", handler);
        server.start();
        return new LoopbackServer(server, requestThreads);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Stops listening at once and lets the requests under way finish on their own threads. */
    @Override
    public void close() {
        server.stop(0);
        requestThreads.shutdown();
    }
}
