package com.hubstatus.outbox;

import com.hubstatus.events.EventCodec;
import com.hubstatus.status.DomainEvent;

import java.time.Instant;
import java.util.Objects;

/**
 * An event written in the same transaction as the change it reports and kept until it is
 * published, so a failed publication is retried instead of lost. The store keeps it as an
 * opaque entry: it never reads the detail.
 *
 * @param eventId    the event's own id
 * @param detailType its EventBridge detail type
 * @param detail     its EventBridge detail, as JSON
 * @param createdAt  when the change was written
 */
public record OutboxEntry(String eventId, String detailType, String detail, Instant createdAt) {

    public OutboxEntry {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(detailType, "detailType");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The entry for a domain event, in the schema of docs/events.md. */
    public static OutboxEntry of(DomainEvent event, Instant writtenAt) {
        return new OutboxEntry(event.eventId(), EventCodec.detailType(event), EventCodec.detailJson(event), writtenAt);
    }
}
