package com.hubstatus.status;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The status as last written to the store: what history and events were told. Reads never
 * trust it for the status itself (that is computed from the facts and the time); it tells
 * since when the hub has been in its status and lets writers detect a transition.
 */
public record RecordedStatus(HubStatus status, Instant since, List<ReasonCode> reasons) {
    public RecordedStatus {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        reasons = List.copyOf(reasons);
    }
}
