package com.hubstatus.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.json.Json;
import com.hubstatus.observability.LogContext;
import com.hubstatus.observability.LogLines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The log and metric lines written while it is open, each read back as JSON (a line that is not
 * one JSON object fails the read). A test picks its own by the request id of its invocation.
 */
public final class LogCapture implements AutoCloseable {

    private final Queue<String> lines = new ConcurrentLinkedQueue<>();
    private final LogContext.Scope diverted;

    private LogCapture() {
        diverted = LogLines.divertTo(lines::add);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** Every line written so far, as written. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines of one invocation, read as JSON. */
    public List<JsonNode> ofRequest(String requestId) {
        return lines.stream().map(LogCapture::read)
                .filter(line -> line.path(LogContext.REQUEST_ID).asText("").equals(requestId))
                .toList();
    }

    /** The log entries (lines without embedded-metric metadata) of one invocation. */
    public List<JsonNode> logsOf(String requestId) {
        return ofRequest(requestId).stream().filter(line -> !line.has("_aws")).toList();
    }

    /** The embedded-metric-format lines of one invocation. */
    public List<JsonNode> metricsOf(String requestId) {
        return ofRequest(requestId).stream().filter(line -> line.has("_aws")).toList();
    }

    /** The embedded-metric-format line of one invocation that holds {@code metric}; fails when none or several do. */
    public JsonNode metricLine(String requestId, String metric) {
        List<JsonNode> holding = metricsOf(requestId).stream().filter(line -> line.has(metric)).toList();
        if (holding.size() != 1) {
            throw new AssertionError("expected one metric line with " + metric + ", found " + holding + " among "
                    + ofRequest(requestId));
        }
        return holding.getFirst();
    }

    private static JsonNode read(String line) {
        try {
            JsonNode node = Json.parse(line);
            if (node == null || !node.isObject()) {
                throw new AssertionError("not a JSON object: " + line);
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }

    @Override
    public void close() {
        diverted.close();
    }
}
