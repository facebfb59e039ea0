package com.hubstatus.local.emulators.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Machine;

/**
  * An EventBridge event pattern, as a SAM {@code EventBridgeRule}'s {@code Pattern} gives it, that
  * says whether an event would be routed to the rule's target.
  *
  * <p>Matching is Event Ruler's, the library EventBridge itself matches with, so every pattern
  * EventBridge takes works here as it does there: exact values, {@code prefix}, {@code suffix},
  * {@code wildcard}, {@code equals-ignore-case}, {@code anything-but}, {@code numeric},
  * {@code exists}, {@code cidr}, {@code $or}. Arrays in an event are matched as EventBridge matches
  * them: fields of an object array must come from the same element.
  */
public final class EventPattern {

    private static final String RULE = "pattern";

    private final JsonNode pattern;
    private final Machine machine;

    private EventPattern(JsonNode pattern, Machine machine) {
        this.pattern = pattern;
        this.machine = machine;
    }

    /** @throws IllegalArgumentException saying what is wrong, if EventBridge would refuse the pattern */
    public static EventPattern of(JsonNode pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (!pattern.isObject()) {
            throw new IllegalArgumentException("an event pattern must be a JSON object: " + pattern);
        }
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("an event pattern must name at least one field");
        }
        String json = pattern.toString();
        String refusal = JsonRuleCompiler.check(json);
        if (refusal != null) {
            throw new IllegalArgumentException(firstLine(refusal));
        }
        Machine machine = new Machine();
        try {
            machine.addRule(RULE, json);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(firstLine(String.valueOf(e.getMessage())), e);
        }
        return new EventPattern(pattern.deepCopy(), machine);
    }

    /** Event Ruler's reason, without the parser's location in the compacted JSON, which no one wrote. */
    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    public static EventPattern parse(String json) {
        try {
            return of(LocalEventBridge.JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("event pattern is not JSON", e);
        }
    }

    public boolean matches(BusEvent event) {
        return matches(LocalEventBridge.envelope(event));
    }

    /** Matches an event in EventBridge's envelope: source, detail-type, account, region, detail... */
    public boolean matches(JsonNode event) {
        return !machine.rulesForJSONEvent(event).isEmpty();
    }

    @Override
    public String toString() {
        return pattern.toString();
    }
}
