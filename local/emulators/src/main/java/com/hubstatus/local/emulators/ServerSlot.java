package com.hubstatus.local.emulators;

import com.sun.net.httpserver.HttpHandler;

import java.net.URI;

/** The loopback server an emulator runs while it is started: started at most once, stopped once. */
public final class ServerSlot {

    private LoopbackServer server;

    /** @throws IllegalStateException when the slot's server is already running */
    public synchronized void start(int port, HttpHandler handler) {
        requireStopped();
        server = LoopbackServer.start(port, handler);
    }

    /** @throws IllegalStateException when the slot's server is already running */
    public synchronized void requireStopped() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
    }

    /** @throws IllegalStateException when the server is not running */
    public synchronized URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.endpoint();
    }

    /** Stops the server if it runs; false when there was none to stop. */
    public boolean stop() {
        LoopbackServer stopping;
        synchronized (this) {
            stopping = server;
            server = null;
        }
        if (stopping == null) {
            return false;
        }
        stopping.close();
        return true;
    }
}
