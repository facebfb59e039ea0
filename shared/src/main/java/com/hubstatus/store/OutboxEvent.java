package com.hubstatus.store;

/**
 * An event written in the same transaction as the change it reports, kept until it is
 * published, so a failed publication is retried instead of lost.
 *
 * @param eventId    the event's own id
 * @param detailType its EventBridge detail type
 * @param detail     its EventBridge detail, as JSON
 * @param createdAt  when the change was written
 */
public record OutboxEvent(String eventId, String detailType, String detail, java.time.Instant createdAt) {
}
