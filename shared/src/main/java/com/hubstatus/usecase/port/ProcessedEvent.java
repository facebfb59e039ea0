package com.hubstatus.usecase.port;

/**
 * Marks an event as processed by a consumer, in the same transaction as what the processing
 * wrote, so a repeated delivery is detected and changes nothing.
 *
 * @param consumer the consuming function
 * @param eventId  the event's own id (from its detail, stable across re-publication)
 */
public record ProcessedEvent(String consumer, String eventId) {
}
