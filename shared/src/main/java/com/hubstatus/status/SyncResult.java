package com.hubstatus.status;

import java.util.Objects;

/** How a sync with the external app ended: success, or a failure naming its cause. */
public record SyncResult(Finding failure) {
    public static SyncResult succeeded() {
        return new SyncResult(null);
    }

    public static SyncResult failed(Finding failure) {
        return new SyncResult(Objects.requireNonNull(failure, "failure"));
    }

    public boolean hasSucceeded() {
        return failure == null;
    }
}
