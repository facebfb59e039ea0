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

  static Stream<Arguments> patterns() {
    return Stream.of(
        // Exact values
        row("the SAM rule's pattern",
            "{\"source\":[\"hubstatus\"],\"detail-type\":[\"Sync Requested\"],\"detail\":{\"trigger\":[\"MANUAL\"]}}", true),
        row("a source not listed", "{\"source\":[\"aws.ec2\"]}", false),
        row("any one of several values", "{\"detail-type\":[\"Status Changed\",\"Sync Requested\"]}", true),
        row("every field must match", "{\"source\":[\"hubstatus\"],\"detail\":{\"trigger\":[\"SCHEDULED\"]}}", false),
        row("values are case sensitive", "{\"detail\":{\"trigger\":[\"manual\"]}}", false),
        row("a number", "{\"detail\":{\"attempt\":[3]}}", true),
        row("a number written differently", "{\"detail\":{\"attempt\":[3.0]}}", true),
        row("a string never equals a number", "{\"detail\":{\"attempt\":[\"3\"]}}", false),
        row("a boolean", "{\"detail\":{\"enabled\":[true]}}", true),
        row("the other boolean", "{\"detail\":{\"enabled\":[false]}}", false),
        row("null", "{\"detail\":{\"note\":[null]}}", true),
        row("null is not the empty string", "{\"detail\":{\"comment\":[null]}}", false),
        row("the empty string", "{\"detail\":{\"comment\":[\"\"]}}", true),
        row("null does not match an absent field", "{\"detail\":{\"missing\":[null]}}", false),
        row("envelope account and region", "{\"account\":[\"000000000000\"],\"region\":[\"us-east-1\"]}", true),
        row("another region", "{\"region\":[\"eu-west-1\"]}", false),
        // Arrays in the event
        row("any element of resources", "{\"resources\":[\"arn:aws:hubstatus:hub/hub-2\"]}", true),
        row("no element of resources", "{\"resources\":[\"arn:aws:hubstatus:hub/hub-9\"]}", false),
        row("any element of a detail array", "{\"detail\":{\"tags\":[\"erp\"]}}", true),
        row("fields from the same element of an object array",
            "{\"detail\":{\"checks\":{\"kind\":[\"sync\"],\"ok\":[false]}}}", true),
        row("fields from different elements of an object array",
            "{\"detail\":{\"checks\":{\"kind\":[\"sync\"],\"ok\":[true]}}}", false),
        // Nested objects
        row("a nested field", "{\"detail\":{\"cohort\":{\"name\":[\"early\"]}}}", true),
        row("a nested field with another value", "{\"detail\":{\"cohort\":{\"name\":[\"late\"]}}}", false),
        row("a nested pattern under a missing object", "{\"detail\":{\"absent\":{\"name\":[\"early\"]}}}", false),
        // prefix
        row("prefix", "{\"detail\":{\"hubId\":[{\"prefix\":\"hub-\"}]}}", true),
        row("prefix not matching", "{\"detail\":{\"hubId\":[{\"prefix\":\"site-\"}]}}", false),
        row("prefix on the envelope time", "{\"time\":[{\"prefix\":\"2026-03-01\"}]}", true),
        row("prefix never matches a number", "{\"detail\":{\"attempt\":[{\"prefix\":\"3\"}]}}", false),
        row("prefix on an absent field", "{\"detail\":{\"missing\":[{\"prefix\":\"\"}]}}", false),
        row("prefix or an exact value", "{\"detail\":{\"hubId\":[\"hub-1\",{\"prefix\":\"hub-7\"}]}}", true),
        row("prefix ignoring case", "{\"detail\":{\"hubId\":[{\"prefix\":{\"equals-ignore-case\":\"HUB-\"}}]}}", true),
        // suffix
        row("suffix", "{\"detail\":{\"file\":[{\"suffix\":\".png\"}]}}", true),
        row("suffix not matching", "{\"detail\":{\"file\":[{\"suffix\":\".jpg\"}]}}", false),
        row("suffix is case sensitive", "{\"detail\":{\"file\":[{\"suffix\":\".PNG\"}]}}", false),
        row("suffix ignoring case", "{\"detail\":{\"file\":[{\"suffix\":{\"equals-ignore-case\":\".PNG\"}}]}}", true),
        // equals-ignore-case
        row("equals-ignore-case", "{\"detail\":{\"trigger\":[{\"equals-ignore-case\":\"manual\"}]}}", true),
        row("equals-ignore-case another value", "{\"detail\":{\"trigger\":[{\"equals-ignore-case\":\"retry\"}]}}", false),
        // wildcard
        row("wildcard", "{\"detail\":{\"file\":[{\"wildcard\":\"reports/*/q1.png\"}]}}", true),
        row("wildcard with two stars", "{\"source\":[{\"wildcard\":\"hub*tus\"}]}", true),
        row("wildcard not matching", "{\"detail\":{\"file\":[{\"wildcard\":\"images/*\"}]}}", false),
        // anything-but
        row("anything-but another string", "{\"detail\":{\"trigger\":[{\"anything-but\":\"SCHEDULED\"}]}}", true),
        row("anything-but the same string", "{\"detail\":{\"trigger\":[{\"anything-but\":\"MANUAL\"}]}}", false),
        row("anything-but a list holding the value",
            "{\"detail\":{\"trigger\":[{\"anything-but\":[\"SCHEDULED\",\"MANUAL\"]}]}}", false),
        row("anything-but a list without the value",
            "{\"detail\":{\"trigger\":[{\"anything-but\":[\"SCHEDULED\",\"RETRY\"]}]}}", true),
        row("anything-but the same number", "{\"detail\":{\"attempt\":[{\"anything-but\":3}]}}", false),
        row("anything-but other numbers", "{\"detail\":{\"attempt\":[{\"anything-but\":[1,2]}]}}", true),
        row("anything-but on an absent field", "{\"detail\":{\"missing\":[{\"anything-but\":\"x\"}]}}", false),
        row("anything-but a prefix the value has",
            "{\"detail\":{\"hubId\":[{\"anything-but\":{\"prefix\":\"hub-\"}}]}}", false),
        row("anything-but a prefix the value lacks",
            "{\"detail\":{\"hubId\":[{\"anything-but\":{\"prefix\":\"site-\"}}]}}", true),
        row("anything-but a suffix the value has", "{\"detail\":{\"file\":[{\"anything-but\":{\"suffix\":\".png\"}}]}}", false),
        row("anything-but a value in another case",
            "{\"detail\":{\"trigger\":[{\"anything-but\":{\"equals-ignore-case\":\"manual\"}}]}}", false),
        row("anything-but a wildcard the value fits",
            "{\"detail\":{\"file\":[{\"anything-but\":{\"wildcard\":\"reports/*\"}}]}}", false),
        row("anything-but one element of an array", "{\"detail\":{\"tags\":[{\"anything-but\":\"crm\"}]}}", true),
        // exists
        row("exists on a present field", "{\"detail\":{\"hubId\":[{\"exists\":true}]}}", true),
        row("exists on a null field", "{\"detail\":{\"note\":[{\"exists\":true}]}}", true),
        row("exists on an absent field", "{\"detail\":{\"missing\":[{\"exists\":true}]}}", false),
        row("not exists on an absent field", "{\"detail\":{\"missing\":[{\"exists\":false}]}}", true),
        row("not exists on a present field", "{\"detail\":{\"hubId\":[{\"exists\":false}]}}", false),
        row("exists on an object, which is no leaf", "{\"detail\":{\"cohort\":[{\"exists\":true}]}}", false),
        row("not exists on an object, which is no leaf", "{\"detail\":{\"cohort\":[{\"exists\":false}]}}", true),
        row("not exists under a missing object", "{\"detail\":{\"absent\":{\"name\":[{\"exists\":false}]}}}", true),
        // numeric
        row("numeric within a range", "{\"detail\":{\"attempt\":[{\"numeric\":[\">\",0,\"<=\",5]}]}}", true),
        row("numeric at the closed bound", "{\"detail\":{\"attempt\":[{\"numeric\":[\">\",0,\"<=\",3]}]}}", true),
        row("numeric at the open bound", "{\"detail\":{\"attempt\":[{\"numeric\":[\">=\",0,\"<\",3]}]}}", false),
        row("numeric above a range", "{\"detail\":{\"attempt\":[{\"numeric\":[\">\",5,\"<=\",10]}]}}", false),
        row("numeric equals", "{\"detail\":{\"ratio\":[{\"numeric\":[\"=\",5e-1]}]}}", true),
        row("numeric less than", "{\"detail\":{\"ratio\":[{\"numeric\":[\"<\",0.5]}]}}", false),
        row("numeric greater or equal", "{\"detail\":{\"ratio\":[{\"numeric\":[\">=\",0.5]}]}}", true),
        row("numeric on any element of an array", "{\"detail\":{\"counts\":[{\"numeric\":[\">\",30]}]}}", true),
        row("numeric never matches a string", "{\"detail\":{\"hubId\":[{\"numeric\":[\">\",0]}]}}", false),
        row("numeric on an absent field", "{\"detail\":{\"missing\":[{\"numeric\":[\">\",0]}]}}", false),
        // cidr
        row("an IPv4 address in a range", "{\"detail\":{\"sourceIp\":[{\"cidr\":\"10.0.0.0/24\"}]}}", true),
        row("an IPv4 address outside a range", "{\"detail\":{\"sourceIp\":[{\"cidr\":\"10.0.1.0/24\"}]}}", false),
        row("an IPv6 address in a range", "{\"detail\":{\"sourceIpv6\":[{\"cidr\":\"2001:db8::/32\"}]}}", true),
        // $or
        row("$or with one branch matching",
            "{\"source\":[\"hubstatus\"],\"$or\":[{\"detail\":{\"attempt\":[9]}},{\"detail\":{\"trigger\":[\"MANUAL\"]}}]}", true),
        row("$or with no branch matching",
            "{\"$or\":[{\"source\":[\"aws.ec2\"]},{\"detail\":{\"trigger\":[\"SCHEDULED\"]}}]}", false),
        row("$or whose matching branch fails another field",
            "{\"source\":[\"aws.ec2\"],\"$or\":[{\"detail-type\":[\"Sync Requested\"]},{\"region\":[\"us-east-1\"]}]}", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patterns")
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
