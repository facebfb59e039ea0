package com.hubstatus.local.emulators;

import com.hubstatus.local.dynamodb.DynamoDbEngine;
import com.hubstatus.local.dynamodb.EngineOptions;
import com.hubstatus.local.dynamodb.api.Meter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The project's DynamoDB engine ({@code local/dynamodb}) running inside this JVM on a loopback
 * port: in memory, or in a folder that keeps the data across restarts.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private static EmbeddedDynamoDb shared;

    private final DynamoDbEngine engine;

    private EmbeddedDynamoDb(DynamoDbEngine engine) {
        this.engine = engine;
    }

    /**
     * One in-memory engine for the whole JVM, started on first use and stopped at exit. Tests give
     * times as inputs, often in the past, so this one deletes no expired item by itself: a test of
     * time to live starts an engine of its own on a clock it moves.
     */
    public static synchronized EmbeddedDynamoDb shared() {
        if (shared == null) {
            shared = new EmbeddedDynamoDb(DynamoDbEngine.start(EngineOptions.defaults().withTtlInterval(null)));
            EmbeddedDynamoDb engine = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "dynamodb-engine-stop"));
        }
        return shared;
    }

    /**
     * Starts an engine on the system clock.
     *
     * @param dataDir where to keep the data, or null to keep it in memory
     * @param port    the loopback port, or 0 for a free one
     */
    public static EmbeddedDynamoDb start(Path dataDir, int port) {
        return start(dataDir, port, Clock.systemUTC());
    }

    /** Starts an engine whose time to live follows {@code clock}: expired items go within a second. */
    public static EmbeddedDynamoDb start(Path dataDir, int port, Clock clock) {
        return new EmbeddedDynamoDb(DynamoDbEngine.start(EngineOptions.defaults()
                .withDataDir(dataDir).withPort(port).withClock(clock)));
    }

    public int port() {
        return engine.port();
    }

    public URI endpoint() {
        return engine.endpoint();
    }

    /** Requests and request units the engine has served, as on-demand capacity would bill them. */
    public Meter meter() {
        return engine.meter();
    }

    /** A client for this engine; it accepts any credentials. */
    public DynamoDbClient newClient() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    public void close() {
        engine.close();
    }
}
