package com.hubstatus.local.emulators;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executor;

/** The JDK's HTTP server on 127.0.0.1, as the emulated services listen. */
public final class LoopbackServer {

    private LoopbackServer() {
    }

    /** Listens on {@code port} (0: any free one) and serves every path with {@code handler} on {@code threads}. */
    public static HttpServer start(int port, Executor threads, HttpHandler handler) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        server.setExecutor(threads);
        server.createContext("/", handler);
        server.start();
        return server;
    }

    /** The base URL of a started server; {@code null}: not started. */
    public static URI endpoint(HttpServer server) {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
