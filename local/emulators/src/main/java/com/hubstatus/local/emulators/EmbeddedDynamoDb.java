package com.hubstatus.local.emulators;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local running inside this JVM on a loopback port: in memory, or in a folder that
 * keeps the data across restarts.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private static final String NATIVE_RESOURCE_DIR = "/sqlite4java-native/";
    private static final List<String> NATIVE_LIBRARIES = List.of(
            "libsqlite4java-linux-amd64.so", "libsqlite4java-linux-i386.so", "libsqlite4java-osx.dylib",
            "sqlite4java-win32-x64.dll", "sqlite4java-win32-x86.dll");

    private static EmbeddedDynamoDb shared;

    private final DynamoDBProxyServer server;
    private final int port;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** One in-memory server for the whole JVM, started on first use and stopped at exit. */
    public static synchronized EmbeddedDynamoDb shared() {
        if (shared == null) {
            shared = start(null, 0);
            EmbeddedDynamoDb server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dynamodb-local-stop"));
        }
        return shared;
    }

    /**
     * Starts a server.
     *
     * @param dataDir where to keep the data, or null to keep it in memory
     * @param port    the loopback port, or 0 for a free one
     */
    public static EmbeddedDynamoDb start(Path dataDir, int port) {
        prepareNativeLibraries();
        int chosen = port != 0 ? port : freePort();
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(chosen), "-sharedDb", "-disableTelemetry"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the DynamoDB Local data folder " + dataDir, e);
            }
            args.addAll(List.of("-dbPath", dataDir.toAbsolutePath().toString()));
        }
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
            return new EmbeddedDynamoDb(server, chosen);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + chosen, e);
        }
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client for this server; DynamoDB Local accepts any credentials. */
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
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }

    /**
     * sqlite4java loads its native library from a folder named by a system property; the build
     * puts the libraries on the classpath, so copy them to a temporary folder once per JVM.
     */
    private static synchronized void prepareNativeLibraries() {
        if (System.getProperty("sqlite4java.library.path") != null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("hubstatus-sqlite4java");
            dir.toFile().deleteOnExit();
            for (String name : NATIVE_LIBRARIES) {
                try (InputStream in = EmbeddedDynamoDb.class.getResourceAsStream(NATIVE_RESOURCE_DIR + name)) {
                    if (in != null) {
                        Path target = dir.resolve(name);
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        target.toFile().deleteOnExit();
                    }
                }
            }
            System.setProperty("sqlite4java.library.path", dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the sqlite4java native libraries", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
