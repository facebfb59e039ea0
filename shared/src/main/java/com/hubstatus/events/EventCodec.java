package com.hubstatus.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.events.MalformedEventException;
import com.hubstatus.json.Json;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.ReasonCode;
import com.hubstatus.status.SyncTrigger;
import com.hubstatus.status.TransitionCause;
import com.hubstatus.status.ValidationRun;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Domain events as EventBridge entries: a detail type and a JSON detail. docs/events.md is the
 * schema; this class is its one implementation, for publishing and for consuming.
 */
public final class EventCodec {

    /** The {@code source} of every event hubstatus publishes. */
    public static final String SOURCE = "hubstatus";

    public static final String HUB_CONNECTED = "Hub Connected";
    public static final String HUB_DISCONNECTED = "Hub Disconnected";
    public static final String HUB_STATUS_CHANGED = "Hub Status Changed";
    public static final String VALIDATION_REQUESTED = "Validation Requested";
    public static final String CHECK_REQUESTED = "Check Requested";
    public static final String SYNC_REQUESTED = "Sync Requested";

    /** The version of the detail schema, carried in every detail. */
    public static final int SCHEMA_VERSION = 1;

    private EventCodec() {
    }

    public static String detailType(DomainEvent event) {
        return switch (event) {
            case DomainEvent.HubConnected e -> HUB_CONNECTED;
            case DomainEvent.HubDisconnected e -> HUB_DISCONNECTED;
            case DomainEvent.HubStatusChanged e -> HUB_STATUS_CHANGED;
            case DomainEvent.ValidationRequested e -> VALIDATION_REQUESTED;
            case DomainEvent.CheckRequested e -> CHECK_REQUESTED;
            case DomainEvent.SyncRequested e -> SYNC_REQUESTED;
        };
    }

    public static String detailJson(DomainEvent event) {
        return Json.write(detail(event));
    }

    public static ObjectNode detail(DomainEvent event) {
        ObjectNode node = Json.object();
        node.put("schemaVersion", SCHEMA_VERSION);
        node.put("eventId", event.eventId());
        node.put("occurredAt", event.occurredAt().toString());
        node.put("workspaceId", event.workspaceId());
        switch (event) {
            case DomainEvent.HubConnected e -> {
                node.put("hubId", e.hubId());
                node.put("app", e.app().id());
                node.put("connectedBy", e.connectedBy());
            }
            case DomainEvent.HubDisconnected e -> {
                node.put("hubId", e.hubId());
                node.put("app", e.app().id());
                node.put("disconnectedBy", e.disconnectedBy());
            }
            case DomainEvent.HubStatusChanged e -> {
                node.put("hubId", e.hubId());
                node.put("app", e.app().id());
                if (e.from() == null) {
                    node.putNull("from");
                } else {
                    node.put("from", e.from().name());
                }
                node.put("to", e.to().name());
                ArrayNode reasons = node.putArray("reasons");
                e.reasons().forEach(r -> reasons.add(r.name()));
                node.put("since", e.since().toString());
                node.put("cause", e.cause().name());
            }
            case DomainEvent.ValidationRequested e -> {
                node.put("app", e.app().id());
                node.put("runId", e.runId());
                node.put("kind", e.kind().name());
            }
            case DomainEvent.CheckRequested e -> {
                node.put("hubId", e.hubId());
                node.put("checkId", e.checkId());
            }
            case DomainEvent.SyncRequested e -> {
                node.put("hubId", e.hubId());
                node.put("runId", e.runId());
                node.put("trigger", e.trigger().name());
            }
        }
        return node;
    }

    /**
     * Reads an event back.
     *
     * @throws MalformedEventException when the detail type is unknown or the detail does not
     *                                 follow its schema
     */
    public static DomainEvent decode(String detailType, JsonNode detail) {
        if (detail == null || !detail.isObject()) {
            throw new MalformedEventException("the event detail is not a JSON object");
        }
        Reader r = new Reader(detail);
        return switch (detailType == null ? "" : detailType) {
            case HUB_CONNECTED -> new DomainEvent.HubConnected(r.text("eventId"), r.instant("occurredAt"),
                    r.text("workspaceId"), r.text("hubId"), r.app("app"), r.text("connectedBy"));
            case HUB_DISCONNECTED -> new DomainEvent.HubDisconnected(r.text("eventId"), r.instant("occurredAt"),
                    r.text("workspaceId"), r.text("hubId"), r.app("app"), r.text("disconnectedBy"));
            case HUB_STATUS_CHANGED -> new DomainEvent.HubStatusChanged(r.text("eventId"), r.instant("occurredAt"),
                    r.text("workspaceId"), r.text("hubId"), r.app("app"), r.optionalEnum("from", HubStatus.class),
                    r.enumValue("to", HubStatus.class), r.reasons("reasons"), r.instant("since"),
                    r.enumValue("cause", TransitionCause.class));
            case VALIDATION_REQUESTED -> new DomainEvent.ValidationRequested(r.text("eventId"), r.instant("occurredAt"),
                    r.text("workspaceId"), r.app("app"), r.text("runId"), r.enumValue("kind", ValidationRun.Kind.class));
            case CHECK_REQUESTED -> new DomainEvent.CheckRequested(r.text("eventId"), r.instant("occurredAt"),
                    r.text("workspaceId"), r.text("hubId"), r.text("checkId"));
            case SYNC_REQUESTED -> new DomainEvent.SyncRequested(r.text("eventId"), r.instant("occurredAt"),
                    r.text("workspaceId"), r.text("hubId"), r.text("runId"), r.enumValue("trigger", SyncTrigger.class));
            default -> throw new MalformedEventException("unknown detail type '" + detailType + "'");
        };
    }

    private record Reader(JsonNode detail) {
        String text(String field) {
            JsonNode value = detail.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw new MalformedEventException("detail field '" + field + "' must be a non-empty string");
            }
            return value.asText();
        }

        Instant instant(String field) {
            try {
                return Instant.parse(text(field));
            } catch (DateTimeParseException e) {
                throw new MalformedEventException("detail field '" + field + "' must be an ISO-8601 instant");
            }
        }

        ExternalApp app(String field) {
            String id = text(field);
            return ExternalApp.byId(id).orElseThrow(() -> new MalformedEventException("unknown app '" + id + "'"));
        }

        <E extends Enum<E>> E enumValue(String field, Class<E> type) {
            String name = text(field);
            try {
                return Enum.valueOf(type, name);
            } catch (IllegalArgumentException e) {
                throw new MalformedEventException("detail field '" + field + "' has an unknown value '" + name + "'");
            }
        }

        <E extends Enum<E>> E optionalEnum(String field, Class<E> type) {
            JsonNode value = detail.get(field);
            return value == null || value.isNull() ? null : enumValue(field, type);
        }

        List<ReasonCode> reasons(String field) {
            JsonNode value = detail.get(field);
            if (value == null || !value.isArray()) {
                throw new MalformedEventException("detail field '" + field + "' must be an array");
            }
            List<ReasonCode> codes = new ArrayList<>();
            for (JsonNode item : value) {
                try {
                    codes.add(ReasonCode.valueOf(item.asText()));
                } catch (IllegalArgumentException e) {
                    throw new MalformedEventException("unknown reason code '" + item.asText() + "'");
                }
            }
            return codes;
        }
    }
}
