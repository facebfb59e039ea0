package com.hubstatus.status;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One status transition of a hub, written in the same transaction as the change that made it.
 *
 * @param workspaceId the hub's workspace
 * @param hubId       the hub
 * @param at          when the hub entered {@code to}
 * @param from        the status before, or null for a newly connected hub
 * @param to          the status after, or null for a disconnected hub
 * @param reasons     the reasons open after the transition
 * @param cause       what made it
 * @param eventId     the id of the status-change event that told consumers
 */
public record HistoryEntry(String workspaceId, String hubId, Instant at, HubStatus from, HubStatus to,
                           List<ReasonCode> reasons, TransitionCause cause, String eventId) {
    public HistoryEntry {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(hubId, "hubId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(eventId, "eventId");
        reasons = List.copyOf(reasons);
    }
}
