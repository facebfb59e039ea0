package com.hubstatus.status;

import java.time.Instant;
import java.util.List;

/**
 * What a transition tells the rest of the system. Hand-offs ask another function to do work;
 * the others tell consumers what happened. Each carries its own id, so a consumer can tell a
 * repeated delivery from a new event.
 */
public sealed interface DomainEvent {

    String eventId();

    Instant occurredAt();

    String workspaceId();

    /** A hub was connected. */
    record HubConnected(String eventId, Instant occurredAt, String workspaceId, String hubId, ExternalApp app,
                        String connectedBy) implements DomainEvent {
    }

    /** A hub was disconnected; it no longer exists. */
    record HubDisconnected(String eventId, Instant occurredAt, String workspaceId, String hubId, ExternalApp app,
                           String disconnectedBy) implements DomainEvent {
    }

    /** A hub's status changed. {@code from} is null for a newly connected hub. */
    record HubStatusChanged(String eventId, Instant occurredAt, String workspaceId, String hubId, ExternalApp app,
                            HubStatus from, HubStatus to, List<ReasonCode> reasons, Instant since,
                            TransitionCause cause) implements DomainEvent {
        public HubStatusChanged {
            reasons = List.copyOf(reasons);
        }
    }

    /** Hand-off: run (or continue) a cohort validation. */
    record ValidationRequested(String eventId, Instant occurredAt, String workspaceId, ExternalApp app,
                               String runId, ValidationRun.Kind kind) implements DomainEvent {
    }

    /** Hand-off: check one hub. */
    record CheckRequested(String eventId, Instant occurredAt, String workspaceId, String hubId,
                          String checkId) implements DomainEvent {
    }

    /** Hand-off: run a sync that was asked for. */
    record SyncRequested(String eventId, Instant occurredAt, String workspaceId, String hubId, String runId,
                         SyncTrigger trigger) implements DomainEvent {
    }
}
