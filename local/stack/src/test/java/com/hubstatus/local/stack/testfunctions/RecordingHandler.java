package com.hubstatus.local.stack.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.runtime.FunctionEnvironment;
import com.hubstatus.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An EventBridge target that records every invocation per function, so a test sees what was
 * delivered where and how often. An event whose detail has {@code "failTimes": n} makes the
 * first n invocations with it throw, as a function failing until a retry succeeds.
 */
public final class RecordingHandler implements RequestStreamHandler {

    /** One invocation as the function saw it. */
    public record Invocation(JsonNode payload, int remainingMillis, String thread) {
    }

    private static final Map<String, List<Invocation>> INVOCATIONS = new ConcurrentHashMap<>();

    public RecordingHandler(FunctionEnvironment env) {
        // Built as the stack builds every handler; this one needs nothing from its environment.
    }

    public static List<Invocation> invocations(String functionName) {
        return List.copyOf(INVOCATIONS.getOrDefault(functionName, List.of()));
    }

    public static void forget() {
        INVOCATIONS.clear();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode payload = Json.mapper().readTree(input);
        List<Invocation> seen = INVOCATIONS.computeIfAbsent(context.getFunctionName(), name -> new CopyOnWriteArrayList<>());
        seen.add(new Invocation(payload, context.getRemainingTimeInMillis(), Thread.currentThread().getName()));
        int failTimes = payload.path("detail").path("failTimes").asInt(0);
        long attempts = seen.stream().filter(i -> i.payload().path("id").equals(payload.path("id"))).count();
        if (attempts <= failTimes) {
            throw new IllegalStateException("failing attempt " + attempts + " of " + failTimes + " as asked");
        }
        output.write("{\"outcome\":\"RECORDED\"}".getBytes(StandardCharsets.UTF_8));
    }
}
