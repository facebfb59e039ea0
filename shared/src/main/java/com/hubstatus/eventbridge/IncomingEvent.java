package com.hubstatus.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event as EventBridge delivers it to a Lambda target (a rule's event or a schedule's).
 *
 * @param id         EventBridge's id of this delivery's event
 * @param detailType the detail type
 * @param source     the source
 * @param detail     the detail
 */
public record IncomingEvent(String id, String detailType, String source, JsonNode detail) {

    public static final String SCHEDULED_EVENT = "Scheduled Event";

    public boolean isScheduled() {
        return SCHEDULED_EVENT.equals(detailType);
    }
}
