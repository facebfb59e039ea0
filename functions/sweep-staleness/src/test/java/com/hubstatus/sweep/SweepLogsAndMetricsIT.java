package com.hubstatus.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.local.emulators.LambdaContext;
import com.hubstatus.runtime.EmfMetrics;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.testing.LogCapture;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import com.hubstatus.usecase.StatusRecorder;
import com.hubstatus.usecase.SweepStaleness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.hubstatus.testing.LambdaEvents.busEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What an operator sees of a sweep: a JSON log line for each transition it records, naming the
 * invocation, the workspace and the hub, and the sweep's metrics in CloudWatch's embedded metric
 * format (due hubs, lag behind the oldest due time, outbox depth, transitions by status and cause).
 */
@ExtendWith(TestSystemExtension.class)
class SweepLogsAndMetricsIT {

    @Test
    void aSweepThatFindsAStaleHubLogsItsTransitionAndReportsItsDueCountLagAndOutboxDepth(TestSystem system)
            throws IOException {
        // given: a hub that synced 25 h 30 min ago: due since its automatic-sync time (22 h), stale since 24 h
        Hub hub = system.syncedHub("ws-signals", ExternalApp.LINKEDIN_CAMPAIGN_MANAGER, "3000000009");
        system.clock.advance(Duration.ofHours(25).plusMinutes(30));
        EmfMetrics metrics = new EmfMetrics("hubstatus", "stack-under-test");
        SweepStalenessHandler handler = new SweepStalenessHandler(new SweepStaleness(
                new StatusRecorder(system.store, system.relay, system.clock, metrics), system.transitions));
        LambdaContext context = LambdaContext.of("SweepStalenessFunction");

        // when
        List<JsonNode> logs;
        List<JsonNode> metricLines;
        JsonNode sweepLine;
        JsonNode transitions;
        try (LogCapture capture = LogCapture.start()) {
            handler.handleRequest(busEvent("SweepStalenessFunction/Sweep.json", Map.of()), new ByteArrayOutputStream(),
                    context);
            logs = capture.logsOf(context.getAwsRequestId());
            metricLines = capture.metricsOf(context.getAwsRequestId());
            sweepLine = capture.metricLine(context.getAwsRequestId(), "SweepDueHubs");
            transitions = capture.metricLine(context.getAwsRequestId(), "StatusTransitions");
        }

        // then: the transition's log line names the invocation, the function, the workspace and the hub
        JsonNode stale = logs.stream().filter(line -> line.get("message").asText().contains("STALENESS_REACHED"))
                .findFirst().orElseThrow(() -> new AssertionError("no staleness line in " + logs));
        assertEquals("INFO", stale.get("level").asText());
        assertEquals("status HEALTHY -> REQUIRES_SYNC (STALENESS_REACHED; reasons [SYNC_STALE])",
                stale.get("message").asText());
        assertEquals("SweepStalenessFunction", stale.get("function").asText());
        assertEquals("ws-signals", stale.get("workspaceId").asText());
        assertEquals(hub.hubId(), stale.get("hubId").asText());
        assertEquals(true, stale.get("statusEventId").asText().startsWith("evt"), stale.toString());

        // and: the sweep's metrics, with the lag measured on the injected clock
        assertEquals(List.of("Service"), names(sweepLine.at("/_aws/CloudWatchMetrics/0/Dimensions/0")));
        assertEquals("hubstatus", sweepLine.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        assertEquals("stack-under-test", sweepLine.get("Service").asText());
        assertEquals(1, sweepLine.get("SweepDueHubs").asInt());
        assertEquals(Duration.ofHours(3).plusMinutes(30).toMillis(), sweepLine.get("SweepLag").asLong());
        assertEquals(0, sweepLine.get("OutboxDepth").asInt());
        assertEquals(List.of("SweepDueHubs", "SweepLag", "OutboxDepth"),
                sweepLine.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name"));

        // and: the transition counted by status and cause
        assertEquals(List.of("Cause", "Service", "Status"), names(transitions.at("/_aws/CloudWatchMetrics/0/Dimensions/0")));
        assertEquals("REQUIRES_SYNC", transitions.get("Status").asText());
        assertEquals("STALENESS_REACHED", transitions.get("Cause").asText());
        assertEquals(1, transitions.get("StatusTransitions").asInt());
        assertEquals(2, metricLines.size(), metricLines.toString());
    }

    private static List<String> names(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
