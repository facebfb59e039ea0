package com.hubstatus.eventbridge;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.events.EventCodec;
import com.hubstatus.events.MalformedEventException;
import com.hubstatus.json.Json;
import com.hubstatus.observability.JsonLogger;
import com.hubstatus.observability.LogContext;
import com.hubstatus.usecase.TimeBudget;
import com.hubstatus.usecase.port.DuplicateEventException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * The EventBridge side of a function: reads the delivered event with the shared mapper (no
 * reflection-built event classes, no Joda-Time) and hands it on. An event that cannot be read,
 * or one of a type the function does not take, is logged and dropped: retrying it cannot help.
 * Failures that a retry can fix propagate, so Lambda retries and then sends the event to the
 * function's dead-letter queue.
 */
public abstract class EventHandler implements RequestStreamHandler {

    /** Looked up at the first log line: the logging system's set-up is start-up time a request without one never needs. */
    private static final class Log {
        static final System.Logger LOG = JsonLogger.of(EventHandler.class);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (LogContext.Scope invocation = LogContext.invocation(context)) {
            answer(input, output, context);
        }
    }

    private void answer(InputStream input, OutputStream output, Context context) throws IOException {
        ObjectNode result = Json.object();
        IncomingEvent event;
        try {
            event = read(input);
        } catch (MalformedEventException e) {
            Log.LOG.log(Level.WARNING, "dropped an unreadable event: {0}", e.getMessage());
            result.put("outcome", "DROPPED");
            result.put("reason", e.getMessage());
            Json.write(result, output);
            return;
        }
        try (LogContext.Scope about = about(event)) {
            handle(event, context, result);
            if (!result.has("outcome")) {
                result.put("outcome", "DONE");
            }
        } catch (MalformedEventException e) {
            Log.LOG.log(Level.WARNING, "dropped event {0} ({1}): {2}", event.id(), event.detailType(), e.getMessage());
            result.put("outcome", "DROPPED");
            result.put("reason", e.getMessage());
        } catch (DuplicateEventException e) {
            result.put("outcome", "DUPLICATE");
        }
        Json.write(result, output);
    }

    /** The delivered event's id (the domain event's, when it carries one), and the workspace and hub its detail names, for the log lines its handling writes. */
    private static LogContext.Scope about(IncomingEvent event) {
        String eventId = text(event.detail(), "eventId");
        LogContext.Scope id = LogContext.with(LogContext.EVENT_ID, eventId != null ? eventId : event.id());
        LogContext.Scope hub = LogContext.hub(text(event.detail(), "workspaceId"), text(event.detail(), "hubId"));
        return () -> {
            hub.close();
            id.close();
        };
    }

    private static String text(JsonNode detail, String field) {
        JsonNode value = detail.get(field);
        return value != null && value.isTextual() && value.asText().length() <= 64 ? value.asText() : null;
    }

    /**
     * SnapStart's priming of this handler's part of the request path: an event of a type no
     * function takes, read and dropped as the runtime's entry does; no use case runs.
     */
    public void prime() {
        byte[] event = ("{\"version\":\"0\",\"id\":\"priming\",\"detail-type\":\"Priming\",\"source\":\""
                + EventCodec.SOURCE + "\",\"detail\":{}}").getBytes(StandardCharsets.UTF_8);
        try {
            handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("priming wrote to memory", e);
        }
    }

    /**
     * Handles one event; may add what it did to {@code result} (the invocation's answer).
     *
     * @throws MalformedEventException for an event that cannot be processed as it is
     */
    protected abstract void handle(IncomingEvent event, Context context, ObjectNode result);

    static IncomingEvent read(InputStream input) {
        JsonNode root;
        try {
            root = Json.parse(input);
        } catch (IOException e) {
            throw new MalformedEventException("the event is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEventException("the event is not a JSON object");
        }
        JsonNode detailType = root.get("detail-type");
        JsonNode source = root.get("source");
        JsonNode detail = root.get("detail");
        if (detailType == null || !detailType.isTextual() || source == null || !source.isTextual()) {
            throw new MalformedEventException("the event has no detail-type or source");
        }
        JsonNode id = root.get("id");
        return new IncomingEvent(id == null ? "" : id.asText(), detailType.asText(), source.asText(),
                detail == null ? Json.object() : detail);
    }

    /** How long the invocation may still run, from the Lambda context (unlimited without one). */
    protected static TimeBudget timeLeft(Context context) {
        return context == null ? TimeBudget.unlimited() : context::getRemainingTimeInMillis;
    }
}
