package com.hubstatus.local.dynamodb;

import com.hubstatus.local.dynamodb.api.DynamoDbService;
import com.hubstatus.local.dynamodb.api.Meter;
import com.hubstatus.local.dynamodb.http.EngineHttpServer;
import com.hubstatus.local.dynamodb.storage.Storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A DynamoDB-compatible endpoint inside this JVM: the JSON protocol of DynamoDB on a loopback port,
 * tables kept in H2's MVStore (in memory, or in a data folder), and a reaper that deletes items
 * whose time to live has passed. Clients are the real AWS SDK, pointed at {@link #endpoint()} with
 * any credentials.
 *
 * <p>{@code java -cp ... com.hubstatus.local.dynamodb.DynamoDbEngine [--port N] [--data-dir PATH]
 * [--ttl-interval PT1S]} runs one until the process is stopped.
 */
public final class DynamoDbEngine implements AutoCloseable {

    private final Storage storage;
    private final DynamoDbService service;
    private final EngineHttpServer server;
    private final ScheduledExecutorService reaper;
    private volatile boolean closed;

    private DynamoDbEngine(Storage storage, DynamoDbService service, EngineHttpServer server, ScheduledExecutorService reaper) {
        this.storage = storage;
        this.service = service;
        this.server = server;
        this.reaper = reaper;
    }

    public static DynamoDbEngine start(EngineOptions options) {
        // Opening the store and binding the port load many classes each: side by side they start sooner.
        CompletableFuture<Storage> opening = CompletableFuture.supplyAsync(() -> Storage.open(options.dataDir()),
                task -> Thread.ofPlatform().daemon().name("dynamodb-engine-open").start(task));
        EngineHttpServer server;
        try {
            server = EngineHttpServer.bind(options.port());
        } catch (IOException e) {
            opening.thenAccept(Storage::close);
            throw new UncheckedIOException("the DynamoDB engine cannot listen on port " + options.port(), e);
        }
        Storage storage;
        try {
            storage = opening.join();
        } catch (CompletionException e) {
            server.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        DynamoDbService service = new DynamoDbService(storage, options.clock());
        server.serve(service);
        ScheduledExecutorService reaper = null;
        if (options.ttlInterval() != null) {
            reaper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("dynamodb-engine-ttl").factory());
            long millis = options.ttlInterval().toMillis();
            reaper.scheduleWithFixedDelay(() -> reap(service), millis, millis, TimeUnit.MILLISECONDS);
        }
        return new DynamoDbEngine(storage, service, server, reaper);
    }

    private static void reap(DynamoDbService service) {
        try {
            service.expireItems();
        } catch (RuntimeException e) {
            System.err.println("dynamodb engine: the TTL reaper failed: " + e);
        }
    }

    public int port() {
        return server.port();
    }

    /** Requests and request units served so far, as on-demand capacity would bill them. */
    public Meter meter() {
        return service.meter();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /**
     * Deletes, now, every item whose time-to-live attribute holds an epoch second before the
     * engine's clock (and not more than five years before, as DynamoDB); returns how many. Tests
     * move the clock and call this instead of waiting for the reaper.
     */
    public int expireItems() {
        return service.expireItems();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (reaper != null) {
            reaper.shutdownNow();
        }
        server.close();
        storage.close();
    }

    public static void main(String[] args) throws InterruptedException {
        EngineOptions options = EngineOptions.defaults().withPort(8000);
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> options = options.withPort(Integer.parseInt(require(args[i], value)));
                case "--data-dir" -> options = options.withDataDir(Path.of(require(args[i], value)));
                case "--ttl-interval" -> options = options.withTtlInterval(Duration.parse(require(args[i], value)));
                case "--help" -> {
                    System.out.println("options: [--port 8000] [--data-dir PATH] [--ttl-interval PT1S]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
            i++;
        }
        long started = System.nanoTime();
        DynamoDbEngine engine = start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            stopped.countDown();
        }, "dynamodb-engine-stop"));
        System.out.printf("DynamoDB engine at %s (%s), ready in %d ms%n", engine.endpoint(),
                options.dataDir() == null ? "in memory" : "data in " + options.dataDir().toAbsolutePath(),
                (System.nanoTime() - started) / 1_000_000);
        stopped.await();
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
