package com.hubstatus.benchmark;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The two floors a function's cold start is held to, packaged as the functions are and started
 * with read-status's environment: a handler that does nothing, and one that does a single
 * GetItem with the leanest SDK set-up (benchmark/floors).
 */
final class Floors {

    static final String DO_NOTHING = "do-nothing floor";
    static final String BARE_SDK = "bare-SDK floor";
    /** The key the bare-SDK floor reads. */
    static final String KEY = "FLOOR#bare-sdk";

    private final Path jar;
    private final Deployment deployment;
    private final DynamoDbClient dynamo;

    Floors(Path root, Deployment deployment, DynamoDbClient dynamo) {
        this.jar = root.resolve("benchmark/floors/target/benchmark-floors.jar");
        this.deployment = deployment;
        this.dynamo = dynamo;
    }

    Path jar() {
        return jar;
    }

    LambdaProcess.Function doNothing() {
        return function(DO_NOTHING, "com.hubstatus.benchmark.floor.DoNothingHandler::handleRequest");
    }

    LambdaProcess.Function bareSdk() {
        return function(BARE_SDK, "com.hubstatus.benchmark.floor.BareGetItemHandler::handleRequest");
    }

    /** Stores a copy of {@code item} (a hub's, say) under the key the bare-SDK floor reads, so both read as much. */
    void placeCopyOf(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        copy.put("PK", AttributeValue.fromS(KEY));
        copy.put("SK", AttributeValue.fromS(KEY));
        copy.keySet().removeIf(name -> name.startsWith("GSI") || name.startsWith("LSI"));
        dynamo.putItem(b -> b.tableName(deployment.tableName()).item(copy));
    }

    private LambdaProcess.Function function(String name, String handler) {
        var readStatus = deployment.function(Chain.READ);
        return new LambdaProcess.Function(name, jar, handler, deployment.environment(readStatus), readStatus.memorySize());
    }
}
