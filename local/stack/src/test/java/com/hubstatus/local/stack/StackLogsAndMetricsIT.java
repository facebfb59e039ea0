package com.hubstatus.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubstatus.observability.LogContext;
import com.hubstatus.observability.LogLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local stack's functions write the log and metric lines they write on Lambda: a hub connected
 * and synced over HTTP leaves a JSON log line per transition with the invocation's request id and
 * the hub's ids, and embedded-metric-format lines under the stack's name.
 */
class StackLogsAndMetricsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final RunningStack RUNNING = RunningStack.ofRepositoryTemplate();

    private final StackClient api = RUNNING.api();

    @Test
    void aSyncOverHttpLeavesItsTransitionsLogLineAndItsMetricLines() throws IOException {
        Queue<String> lines = new ConcurrentLinkedQueue<>();
        String hubId;
        try (LogContext.Scope diverted = LogLines.divertTo(lines::add)) {
            // given: a hub of ws-logs, validated
            String alice = token("alice", "ws-logs");
            StackClient.Answer connected = api.post("/hubs", alice, "{\"app\":\"google-ads\",\"name\":\"Ads\","
                    + "\"businessId\":\"2000000001\",\"serviceAccount\":\"sa-marketing\"}");
            assertEquals(201, connected.status(), connected.toString());
            hubId = connected.json().get("hubId").asText();
            control("/_local/settle");

            // when: its owner syncs it
            assertEquals(202, api.post("/hubs/" + hubId + "/sync", alice, null).status());
            control("/_local/settle");
        }
        List<JsonNode> read = lines.stream().map(StackLogsAndMetricsIT::read).toList();

        // then: run-sync logged the transition, naming its invocation, workspace and hub
        JsonNode healthy = read.stream().filter(line -> line.path("message").asText().startsWith("status REQUIRES_SYNC -> HEALTHY")
                        && hubId.equals(line.path("hubId").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no transition line among " + lines));
        assertEquals("INFO", healthy.get("level").asText());
        assertEquals("RunSyncFunction", healthy.get("function").asText());
        assertEquals("ws-logs", healthy.get("workspaceId").asText());
        assertFalse(healthy.get("requestId").asText().isBlank());
        assertTrue(healthy.hasNonNull("eventId") && healthy.hasNonNull("statusEventId"), healthy.toString());
        System.out.println("log line: " + JSON.writeValueAsString(healthy));

        // and: the same invocation's metric lines count the sync under the stack's name
        JsonNode syncs = read.stream().filter(line -> line.has("_aws") && line.has("SyncsSucceeded")
                        && healthy.get("requestId").equals(line.get("requestId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no sync metrics among " + lines));
        assertEquals("hubstatus", syncs.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        assertEquals(DevStack.STACK_NAME, syncs.get("Service").asText());
        assertEquals(1, syncs.get("SyncsStarted").asInt());
        assertEquals(1, syncs.get("SyncsSucceeded").asInt());
        System.out.println("metric line: " + JSON.writeValueAsString(syncs));
    }

    private String token(String user, String workspace) {
        StackClient.Answer answer = api.post("/_local/tokens", null,
                "{\"user\":\"" + user + "\",\"workspace\":\"" + workspace + "\",\"groups\":[]}");
        assertEquals(200, answer.status(), answer.toString());
        return answer.json().get("token").asText();
    }

    private void control(String path) {
        StackClient.Answer answer = api.post(path, null, null);
        assertEquals(200, answer.status(), answer.toString());
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not one JSON object: " + line, e);
        }
    }
}
