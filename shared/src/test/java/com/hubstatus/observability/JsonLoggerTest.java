package com.hubstatus.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.json.Json;
import com.hubstatus.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLoggerTest {

    @Test
    void anEntryIsOneJsonObjectOnOneLineWithTheFieldsOfItsContext() throws IOException {
        // given
        Map<String, String> context = new LinkedHashMap<>();
        context.put(LogContext.REQUEST_ID, "req-1");
        context.put(LogContext.WORKSPACE_ID, "ws-1");
        context.put(LogContext.HUB_ID, "hub_1");
        context.put(LogContext.EVENT_ID, "evt_1");

        // when
        String line = JsonLogger.line(Instant.parse("2026-11-23T10:00:00.123Z"), Level.WARNING, "com.hubstatus.X",
                "two\nlines \"quoted\"", null, context);

        // then
        assertFalse(line.contains("\n"), line);
        assertEquals(Json.parse("""
                {"timestamp": "2026-11-23T10:00:00.123Z", "level": "WARN", "logger": "com.hubstatus.X",
                 "message": "two\\nlines \\"quoted\\"", "requestId": "req-1", "workspaceId": "ws-1",
                 "hubId": "hub_1", "eventId": "evt_1"}
                """), Json.parse(line));
    }

    @Test
    void aFailureKeepsItsStackTraceInsideTheLine() throws IOException {
        // when
        String line = JsonLogger.line(Instant.EPOCH, Level.ERROR, "x", "failed", new IllegalStateException("boom"),
                Map.of());

        // then
        assertFalse(line.contains("\n"), line);
        JsonNode entry = Json.parse(line);
        assertEquals("ERROR", entry.get("level").asText());
        assertTrue(entry.get("error").asText().startsWith("java.lang.IllegalStateException: boom\n\tat "),
                entry.get("error").asText());
    }

    @Test
    void theLoggerWritesFormattedEntriesAtOrAboveItsLevelWithTheCurrentContext() {
        // given
        System.Logger logger = new JsonLogger("com.hubstatus.Test", Level.INFO);

        // when
        List<JsonNode> entries;
        try (LogCapture capture = LogCapture.start();
             LogContext.Scope invocation = LogContext.invocation("req-logger", "TestFunction");
             LogContext.Scope hub = LogContext.hub("ws-2", "hub_2")) {
            logger.log(Level.DEBUG, "not written");
            logger.log(Level.INFO, "status {0} -> {1}", "HEALTHY", "REQUIRES_SYNC");
            entries = capture.logsOf("req-logger");
        }

        // then
        assertEquals(1, entries.size(), entries.toString());
        JsonNode entry = entries.getFirst();
        assertEquals("INFO", entry.get("level").asText());
        assertEquals("status HEALTHY -> REQUIRES_SYNC", entry.get("message").asText());
        assertEquals("TestFunction", entry.get("function").asText());
        assertEquals("ws-2", entry.get("workspaceId").asText());
        assertEquals("hub_2", entry.get("hubId").asText());
        assertTrue(Instant.parse(entry.get("timestamp").asText()).isAfter(Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void theLevelFollowsLambdasLogLevelSettingAndIsInfoOtherwise() {
        assertEquals(Level.DEBUG, JsonLogger.threshold("DEBUG"));
        assertEquals(Level.TRACE, JsonLogger.threshold("trace"));
        assertEquals(Level.WARNING, JsonLogger.threshold("WARN"));
        assertEquals(Level.ERROR, JsonLogger.threshold("FATAL"));
        assertEquals(Level.INFO, JsonLogger.threshold(null));
        assertEquals(Level.INFO, JsonLogger.threshold("loud"));
        assertFalse(new JsonLogger("x", Level.WARNING).isLoggable(Level.INFO));
        assertTrue(new JsonLogger("x", Level.WARNING).isLoggable(Level.ERROR));
    }
}
