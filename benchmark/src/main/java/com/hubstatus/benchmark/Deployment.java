package com.hubstatus.benchmark;

import com.hubstatus.local.emulators.HubTableProvisioner;
import com.hubstatus.local.emulators.SamFunction;
import com.hubstatus.local.emulators.SamTemplate;
import com.hubstatus.local.emulators.StackValues;
import com.hubstatus.local.emulators.eventbridge.LocalEventBridge;
import com.hubstatus.runtime.FunctionEnvironment;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * template.yaml's functions deployed against local stand-ins: each function's jar (its
 * {@code CodeUri}), handler, memory and environment (Globals' and its own variables, then the
 * endpoints of a local DynamoDB and event bus, the region and dummy keys, as the local stack adds
 * them), ready to start as {@link LambdaProcess}es.
 *
 * @param dynamoDb  where the functions find DynamoDB
 * @param bus       where they publish events
 * @param tableName the hub table there
 * @param fixtures  the simulated external app's fixtures file
 */
record Deployment(SamTemplate template, URI dynamoDb, URI bus, String tableName, Path fixtures) {

    static final String STACK_NAME = "hubstatus-bench";

    List<SamFunction> functions() {
        StackValues values = new StackValues(template, STACK_NAME,
                Map.of("JwtIssuer", "https://issuer.hubstatus.invalid", "JwtAudience", "hubstatus-bench"),
                Map.of(HubTableProvisioner.TABLE_RESOURCE, tableName));
        return template.functions(values);
    }

    SamFunction function(String logicalId) {
        return functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no function " + logicalId));
    }

    /** The function's jar, where its {@code CodeUri} says. */
    Path jar(SamFunction function) {
        Map<String, Object> resource = template.resource(function.logicalId());
        Object codeUri = ((Map<?, ?>) resource.get("Properties")).get("CodeUri");
        return SamTemplate.repositoryRoot().resolve(String.valueOf(codeUri));
    }

    /** The template's variables, then what Lambda and the local stand-ins add. */
    Map<String, String> environment(SamFunction function) {
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        env.put(FunctionEnvironment.DYNAMODB_ENDPOINT, dynamoDb.toString());
        env.put(FunctionEnvironment.EVENTBRIDGE_ENDPOINT, bus.toString());
        env.put(FunctionEnvironment.SIMULATED_APP_FIXTURES, fixtures.toString());
        env.put(FunctionEnvironment.AWS_REGION, LocalEventBridge.REGION);
        env.put("AWS_DEFAULT_REGION", LocalEventBridge.REGION);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        return env;
    }

    LambdaProcess.Function lambda(SamFunction function) {
        return new LambdaProcess.Function(function.logicalId(), jar(function),
                function.handlerClass() + "::" + function.handlerMethod(), environment(function), function.memorySize());
    }

    /** The same deployment, reading DynamoDB through {@code front} (a counting proxy). */
    Deployment withDynamoDb(URI front) {
        return new Deployment(template, front, bus, tableName, fixtures);
    }

    /** The same deployment on another table. */
    Deployment withTable(String table) {
        return new Deployment(template, dynamoDb, bus, table, fixtures);
    }

    /** The bus name the functions publish to. */
    String busName() {
        return functions().getFirst().environment().get(FunctionEnvironment.EVENT_BUS_NAME);
    }
}
