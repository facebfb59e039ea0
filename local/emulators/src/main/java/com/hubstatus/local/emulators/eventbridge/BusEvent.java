package com.hubstatus.local.emulators.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
  * An event LocalEventBridge accepted, as EventBridge would put it on the bus.
  *
  * @param id           assigned by the endpoint, a UUID as EventBridge's are
  * @param eventBusName the entry's EventBusName (a name or an ARN), {@code "default"} when absent
  * @param time         the entry's Time, or the endpoint clock's instant when the entry had none
  */
public record BusEvent(
        String id,
        String source,
        String detailType,
        JsonNode detail,
        String eventBusName,
        Instant time,
        List<String> resources) {

    public BusEvent {
        if (Stream.of(id, source, detailType, eventBusName, time).anyMatch(Objects::isNull)) {
            throw new NullPointerException("a bus event has an id, source, detail type, bus name and time");
        }
        if (detail == null || !detail.isObject()) {
            throw new IllegalArgumentException("detail must be a JSON object");
        }
        // JsonNode is mutable; a copy in and a copy out keep a recorded event what was sent.
        detail = detail.deepCopy();
        resources = resources == null ? List.of() : List.copyOf(resources);
    }

    @Override
    public JsonNode detail() {
        return detail.deepCopy();
    }
}
