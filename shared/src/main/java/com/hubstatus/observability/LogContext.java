package com.hubstatus.observability;

import com.amazonaws.services.lambda.runtime.Context;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a log line is about: the Lambda request id of the invocation and the hub, workspace and
 * event ids it concerns, as far as they are known. The handler's entry opens it per invocation,
 * the use cases narrow it to a hub while they work on one. Held per thread and inherited by the
 * threads a thread starts (the sweep's virtual threads), so concurrent invocations in one JVM
 * (the local stack) never see each other's.
 */
public final class LogContext {

    public static final String REQUEST_ID = "requestId";
    public static final String FUNCTION = "function";
    public static final String WORKSPACE_ID = "workspaceId";
    public static final String HUB_ID = "hubId";
    /** The event an invocation was delivered. */
    public static final String EVENT_ID = "eventId";
    /** The status-change event that tells consumers of a transition. */
    public static final String STATUS_EVENT_ID = "statusEventId";

    private static final Map<String, String> NONE = Map.of();
    private static final InheritableThreadLocal<Map<String, String>> CURRENT = new InheritableThreadLocal<>() {
        @Override
        protected Map<String, String> initialValue() {
            return NONE;
        }
    };

    private LogContext() {
    }

    /** The fields of the current thread's context, in the order they were added. */
    public static Map<String, String> fields() {
        return CURRENT.get();
    }

    /** The value of one field, or null. */
    public static String get(String field) {
        return CURRENT.get().get(field);
    }

    /**
     * Starts an invocation's context: only {@code requestId} and {@code function} (either may be
     * null), whatever the thread held before, and a {@link MetricBatch} for the metrics it
     * records. Closing the scope writes those metrics and restores what the thread held.
     */
    public static Scope invocation(String requestId, String function) {
        Map<String, String> before = CURRENT.get();
        Map<String, String> fields = new LinkedHashMap<>();
        putIfKnown(fields, REQUEST_ID, requestId);
        putIfKnown(fields, FUNCTION, function);
        CURRENT.set(fields.isEmpty() ? NONE : Collections.unmodifiableMap(fields));
        Scope metrics = MetricBatch.open();
        return () -> {
            try {
                metrics.close();
            } finally {
                CURRENT.set(before);
            }
        };
    }

    /** Starts the context of a Lambda invocation, from its context object (null outside Lambda's runtime). */
    public static Scope invocation(Context lambda) {
        return lambda == null ? invocation(null, System.getenv("AWS_LAMBDA_FUNCTION_NAME"))
                : invocation(lambda.getAwsRequestId(), lambda.getFunctionName());
    }

    /** Adds a field to the current context until the scope closes; a null or blank value adds nothing. */
    public static Scope with(String field, String value) {
        Objects.requireNonNull(field, "field");
        Map<String, String> before = CURRENT.get();
        if (value == null || value.isBlank() || value.equals(before.get(field))) {
            return () -> { };
        }
        Map<String, String> fields = new LinkedHashMap<>(before);
        fields.put(field, value);
        CURRENT.set(Collections.unmodifiableMap(fields));
        return () -> CURRENT.set(before);
    }

    /** A hub of a workspace, until the scope closes. */
    public static Scope hub(String workspaceId, String hubId) {
        Scope workspace = with(WORKSPACE_ID, workspaceId);
        Scope hub = with(HUB_ID, hubId);
        return () -> {
            hub.close();
            workspace.close();
        };
    }

    private static void putIfKnown(Map<String, String> fields, String field, String value) {
        if (value != null && !value.isBlank()) {
            fields.put(field, value);
        }
    }

    /** Restores the context as it was when the scope opened. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
