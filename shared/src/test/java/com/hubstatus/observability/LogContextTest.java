package com.hubstatus.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogContextTest {

    @Test
    void scopesAddFieldsAndClosingThemRestoresWhatWasThere() {
        try (LogContext.Scope invocation = LogContext.invocation("req-a", "F")) {
            try (LogContext.Scope hub = LogContext.hub("ws", "hub_1")) {
                assertEquals(Map.of("requestId", "req-a", "function", "F", "workspaceId", "ws", "hubId", "hub_1"),
                        LogContext.fields());
                try (LogContext.Scope other = LogContext.with(LogContext.HUB_ID, "hub_2")) {
                    assertEquals("hub_2", LogContext.get(LogContext.HUB_ID));
                }
                assertEquals("hub_1", LogContext.get(LogContext.HUB_ID));
            }
            assertEquals(Map.of("requestId", "req-a", "function", "F"), LogContext.fields());
        }
        assertEquals(Map.of(), LogContext.fields());
    }

    @Test
    void anInvocationStartsFromNothingAndAnUnknownValueAddsNothing() {
        try (LogContext.Scope hub = LogContext.hub("ws-before", "hub_before");
             LogContext.Scope invocation = LogContext.invocation(null, "F");
             LogContext.Scope blank = LogContext.with(LogContext.EVENT_ID, " ")) {
            assertEquals(Map.of("function", "F"), LogContext.fields());
        }
    }

    @Test
    void threadsStartedInAnInvocationLogAndMeasureWithinIt() throws InterruptedException {
        // given
        AtomicReference<String> seen = new AtomicReference<>();
        List<JsonNode> metricLines;
        try (LogCapture capture = LogCapture.start()) {
            try (LogContext.Scope invocation = LogContext.invocation("req-threads", "F")) {
                // when: a virtual thread records a value
                Thread worker = Thread.ofVirtual().start(() -> {
                    seen.set(LogContext.get(LogContext.REQUEST_ID));
                    EmfLines.record(new MetricBatch.Value("ns", Map.of("Service", "s"), "Things", EmfLines.COUNT, 2));
                });
                worker.join();
                assertEquals(List.of(), capture.metricsOf("req-threads"), "written only when the invocation ends");
            }
            metricLines = capture.metricsOf("req-threads");
        }

        // then
        assertEquals("req-threads", seen.get());
        assertEquals(1, metricLines.size());
        assertEquals(2, metricLines.getFirst().get("Things").asInt());
    }
}
