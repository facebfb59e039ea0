package com.hubstatus.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.app.StatusRecorder;
import com.hubstatus.events.EventPublisher;
import com.hubstatus.gateway.SimulatedExternalApp;
import com.hubstatus.http.IdentityReader;
import com.hubstatus.json.Json;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.IdSource;
import com.hubstatus.status.StatusPolicy;
import com.hubstatus.store.HubStore;
import com.hubstatus.testbed.HubTableProvisioner;
import com.hubstatus.testbed.MovableClock;
import com.hubstatus.testbed.SamTemplate;
import com.hubstatus.testbed.events.BusEvent;
import com.hubstatus.testbed.events.LocalEventBridge;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a handler test runs against: a fresh table in a DynamoDB spoken to over HTTP (the
 * project's engine in this JVM, or a LocalStack-compatible container under its profile), the real EventBridge client talking to a loopback
 * endpoint that records PutEvents, the simulated external app on a fixtures file the test may
 * edit, and a clock the test moves.
 */
public final class FunctionTestbed implements AutoCloseable {

    public static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    public static final String BUS = "hubstatus-test-bus";
    public static final String WORKSPACE = "ws-demo";
    public static final String OTHER_WORKSPACE = "ws-other";
    public static final String OWNER = "user-owner-1";
    public static final String MANAGER = "user-manager-1";
    public static final String STRANGER = "user-stranger-1";
    public static final String OPERATOR = "operator-1";

    public final MovableClock clock;
    public final LocalEventBridge bus;
    public final DynamoDbClient dynamo;
    public final EventBridgeClient eventBridge;
    public final StatusPolicy policy;
    public final HubStore store;
    public final EventPublisher publisher;
    public final StatusRecorder recorder;
    public final HubTransitions transitions;
    public final IdentityReader identities;
    public final Path fixtures;
    public final SimulatedExternalApp externalApp;

    private FunctionTestbed() {
        clock = MovableClock.fixedAt(T0);
        bus = new LocalEventBridge(clock).start();
        dynamo = DynamoDbClient.builder()
                .endpointOverride(DynamoDbBackend.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        eventBridge = EventBridgeClient.builder()
                .endpointOverride(bus.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
        policy = StatusPolicy.defaults();
        store = new HubStore(dynamo, HubTableProvisioner.createFresh(dynamo), policy);
        publisher = new EventPublisher(eventBridge, BUS, store);
        recorder = new StatusRecorder(store, publisher, clock);
        transitions = new HubTransitions(policy, IdSource.timeOrdered(clock));
        identities = new IdentityReader("workspace_id", "groups", "hubstatus-operators");
        try {
            fixtures = Files.createTempFile("simulated-apps", ".json");
            try (InputStream defaults = SimulatedExternalApp.class.getResourceAsStream(SimulatedExternalApp.BUNDLED_RESOURCE)) {
                Files.write(fixtures, defaults.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        externalApp = new SimulatedExternalApp(fixtures);
    }

    public static FunctionTestbed start() {
        return new FunctionTestbed();
    }

    /** A file under the repository's {@code events/} folder. */
    public static Path eventFile(String name) {
        return SamTemplate.repositoryRoot().resolve("events").resolve(name);
    }

    public static String eventFileText(String name) {
        try {
            return Files.readString(eventFile(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTP API event from {@code events/}, as API Gateway would deliver it. */
    public static APIGatewayV2HTTPEvent httpEvent(String name) {
        return EventLoader.loadApiGatewayHttpEvent(eventFile(name).toString());
    }

    /** The same event from another caller. */
    public static APIGatewayV2HTTPEvent as(APIGatewayV2HTTPEvent event, String userId, String workspaceId, String groups) {
        Map<String, String> claims = new java.util.HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("sub", userId);
        claims.put("workspace_id", workspaceId);
        claims.put("groups", groups);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        return event;
    }

    public static APIGatewayV2HTTPEvent withHubId(APIGatewayV2HTTPEvent event, String hubId) {
        event.setPathParameters(Map.of("hubId", hubId));
        return event;
    }

    public static APIGatewayV2HTTPEvent withBody(APIGatewayV2HTTPEvent event, String body) {
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }

    /** An EventBridge event from {@code events/} with some detail fields replaced. */
    public static InputStream busEvent(String name, Map<String, String> detail) {
        try {
            ObjectNode root = (ObjectNode) Json.mapper().readTree(eventFile(name).toFile());
            ObjectNode d = (ObjectNode) root.get("detail");
            detail.forEach(d::put);
            return new ByteArrayInputStream(root.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static InputStream raw(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    /** What EventBridge delivers to a rule target for a recorded event. */
    public static InputStream delivery(BusEvent event) {
        return raw(LocalEventBridge.toLambdaPayload(event));
    }

    public List<BusEvent> published(String detailType) {
        return bus.events(detailType);
    }

    /** Invokes a stream handler and returns its JSON answer. */
    public static JsonNode invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, InputStream event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(event, out, null);
            return Json.mapper().readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return response.getBody() == null ? Json.mapper().nullNode() : Json.mapper().readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every item in the table, for tests that prove a refused request wrote nothing. */
    public List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> allItems() {
        return dynamo.scanPaginator(b -> b.tableName(store.tableName())).items().stream().toList();
    }

    /** Replaces the simulated app's fixtures, as a user editing the file would. */
    public void writeFixtures(String json) {
        try {
            Files.writeString(fixtures, json);
            Files.setLastModifiedTime(fixtures, java.nio.file.attribute.FileTime.from(
                    Files.getLastModifiedTime(fixtures).toInstant().plusSeconds(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        eventBridge.close();
        dynamo.close();
        bus.close();
    }
}
