package com.hubstatus.usecase.port;

/** The event was already processed by this consumer; nothing was written. */
public final class DuplicateEventException extends RuntimeException {
    public DuplicateEventException(String consumer, String eventId) {
        super(consumer + " already processed event " + eventId);
    }
}
