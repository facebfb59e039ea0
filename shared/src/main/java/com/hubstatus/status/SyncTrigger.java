package com.hubstatus.status;

/** Who asked for a sync. */
public enum SyncTrigger {
    /** An owner pressed "sync". */
    MANUAL,
    /** The system, ahead of the hub going stale. */
    AUTOMATIC
}
