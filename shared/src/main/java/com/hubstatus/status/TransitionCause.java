package com.hubstatus.status;

/** What made a hub's status change, as told by its history and its status-change events. */
public enum TransitionCause {
    CONNECTED,
    VALIDATION_CHECKED,
    VALIDATION_COMPLETED,
    CHECK_COMPLETED,
    CONFIGURATION_CHANGED,
    CHECK_REQUESTED,
    SYNC_REQUESTED,
    SYNC_SUCCEEDED,
    SYNC_FAILED,
    STALENESS_REACHED,
    DISCONNECTED
}
