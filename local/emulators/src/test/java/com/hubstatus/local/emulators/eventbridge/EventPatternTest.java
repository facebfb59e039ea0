package com.hubstatus.local.emulators.eventbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.MethodSource;

class EventPatternTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event in EventBridge's envelope, holding every kind of value the table needs. */
    private static final String EVENT = """
      {
        "version": "0",
        "id": "7bf73129-1428-4cd3-a780-95db273d1602",
        "detail-type": "Sync Requested",
        "source": "hubstatus",
        "account": "000000000000",
        "time": "2026-03-01T12:00:00Z",
        "region": "us-east-1",
        "resources": ["arn:aws:hubstatus:hub/hub-1", "arn:aws:hubstatus:hub/hub-2"],
        "detail": {
          "trigger": "MANUAL",
          "hubId": "hub-7",
          "attempt": 3,
          "ratio": 0.5,
          "enabled": true,
          "note": null,
          "comment": "",
          "file": "reports/2026/q1.png",
          "sourceIp": "10.0.0.33",
          "sourceIpv6": "2001:db8::1",
          "tags": ["crm", "erp"],
          "counts": [2, 40],
          "cohort": {"name": "early"},
          "checks": [{"kind": "auth", "ok": true}, {"kind": "sync", "ok": false}]
        }
      }
      """;

    /** The table: one pattern a line, with whether {@link #EVENT} matches it, grouped by operator. */
    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/event-patterns.csv", delimiter = '|', quoteCharacter = '`')
    void matchesAsEventBridgeDoes(String description, String pattern, boolean expected) throws Exception {
        JsonNode event = JSON.readTree(EVENT);

        boolean matched = EventPattern.parse(pattern).matches(event);

        assertEquals(expected, matched, pattern);
    }

    static Stream<Arguments> invalidPatterns() {
        return Stream.of(
                row("an operator EventBridge does not have", "{\"source\":[{\"regex\":\"hub.*\"}]}", "match type regex"),
                row("a numeric operator", "{\"detail\":{\"n\":[{\"numeric\":[\"!=\",1]}]}}", "!="),
                row("a range upper bound first", "{\"detail\":{\"n\":[{\"numeric\":[\"<\",5,\">\",0]}]}}", "numeric"),
                row("exists with a string", "{\"detail\":{\"n\":[{\"exists\":\"yes\"}]}}", "exists"),
                row("a wildcard with consecutive stars", "{\"source\":[{\"wildcard\":\"hub**\"}]}", "Consecutive wildcard"),
                row("a malformed CIDR block", "{\"detail\":{\"ip\":[{\"cidr\":\"10.0.0.0/99\"}]}}", "mask bits"),
                row("$or with a single branch", "{\"$or\":[{\"source\":[\"a\"]}]}", "at least 2 Objects in $or"),
                row("a bare value", "{\"source\":\"hubstatus\"}", "\"source\" must be an object or an array"),
                row("an empty array", "{\"source\":[]}", "Empty arrays"),
                row("an empty object", "{}", "at least one field"),
                row("a pattern that is not an object", "[\"hubstatus\"]", "must be a JSON object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPatterns")
    void refusesWhatEventBridgeRefusesSayingWhy(String description, String pattern, String named) {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> EventPattern.parse(pattern));

        assertTrue(refused.getMessage().contains(named), refused.getMessage());
    }

    @Test
    void matchesABusEventThroughTheEnvelopeLambdaTargetsReceive() throws Exception {
        BusEvent requested = new BusEvent("e-1", "hubstatus", "Sync Requested",
                JSON.readTree("{\"trigger\":\"MANUAL\",\"hubId\":\"hub-1\"}"), "default",
                Instant.parse("2026-03-01T12:00:00Z"), List.of());
        BusEvent scheduled = new BusEvent("e-2", "hubstatus", "Sync Requested",
                JSON.readTree("{\"trigger\":\"SCHEDULED\",\"hubId\":\"hub-1\"}"), "default",
                Instant.parse("2026-03-01T12:00:00Z"), List.of());
        EventPattern manualSyncs = EventPattern.of(JSON.readTree(
                "{\"source\":[\"hubstatus\"],\"detail-type\":[\"Sync Requested\"],\"detail\":{\"trigger\":[\"MANUAL\"]}}"));

        assertTrue(manualSyncs.matches(requested));
        assertFalse(manualSyncs.matches(scheduled));
    }

    private static Arguments row(Object... values) {
        return Arguments.of(values);
    }
}
