package com.hubstatus.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmfLinesTest {

    private static final long AT = 1_795_000_000_000L;

    private static MetricBatch.Value count(Map<String, String> dimensions, String name, double value) {
        return new MetricBatch.Value("hubstatus", dimensions, name, EmfLines.COUNT, value);
    }

    @Test
    void valuesOfOneDimensionSetShareALineCountsSummedTimesKeptAndTheContextAsProperties() throws IOException {
        // given
        Map<String, String> service = Map.of("Service", "hs");
        List<MetricBatch.Value> values = List.of(
                count(service, "SyncsStarted", 1), count(service, "SyncsStarted", 1),
                new MetricBatch.Value("hubstatus", service, "SweepLag", EmfLines.MILLISECONDS, 1500),
                new MetricBatch.Value("hubstatus", service, "SweepLag", EmfLines.MILLISECONDS, 20.5),
                count(Map.of("Service", "hs", "Status", "HEALTHY", "Cause", "SYNC_SUCCEEDED"), "StatusTransitions", 1));

        // when
        List<String> lines = EmfLines.lines(values, AT, Map.of("requestId", "req-1"));

        // then
        assertEquals(2, lines.size(), lines.toString());
        assertEquals(Json.parse("""
                {"_aws": {"Timestamp": %d, "CloudWatchMetrics": [{"Namespace": "hubstatus", "Dimensions": [["Service"]],
                  "Metrics": [{"Name": "SyncsStarted", "Unit": "Count"}, {"Name": "SweepLag", "Unit": "Milliseconds"}]}]},
                 "Service": "hs", "SyncsStarted": 2, "SweepLag": [1500, 20.5], "requestId": "req-1"}
                """.formatted(AT)), Json.parse(lines.get(0)));
        assertEquals(Json.parse("""
                {"_aws": {"Timestamp": %d, "CloudWatchMetrics": [{"Namespace": "hubstatus",
                  "Dimensions": [["Cause", "Service", "Status"]], "Metrics": [{"Name": "StatusTransitions", "Unit": "Count"}]}]},
                 "Cause": "SYNC_SUCCEEDED", "Service": "hs", "Status": "HEALTHY", "StatusTransitions": 1, "requestId": "req-1"}
                """.formatted(AT)), Json.parse(lines.get(1)));
    }

    @Test
    void aMetricWithMoreThanAHundredValuesIsSplitOverLines() throws IOException {
        // given
        List<MetricBatch.Value> values = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            values.add(new MetricBatch.Value("ns", Map.of("Service", "hs"), "ExternalCallLatency", EmfLines.MILLISECONDS, i));
        }

        // when
        List<String> lines = EmfLines.lines(values, AT, Map.of());

        // then: 100, 100 and 50 values, every line a complete document
        assertEquals(3, lines.size());
        int total = 0;
        for (String line : lines) {
            JsonNode document = Json.parse(line);
            assertEquals("ExternalCallLatency", document.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText());
            assertTrue(document.get("ExternalCallLatency").isArray());
            total += document.get("ExternalCallLatency").size();
        }
        assertEquals(250, total);
        assertEquals(249, Json.parse(lines.get(2)).get("ExternalCallLatency").get(49).asInt());
    }
}
