package com.hubstatus.usecase.port;

import com.hubstatus.outbox.OutboxEntry;
import com.hubstatus.status.Hub;
import com.hubstatus.status.ValidationCohort;

import java.util.List;
import java.util.Optional;

/**
 * What a save wrote: the facts at their new versions and the events waiting to be published.
 *
 * @param hub    the hub as written; empty when the hub was not written (or was deleted)
 * @param cohort the cohort as written; empty when it was not written
 * @param outbox the outbox entries written with them
 */
public record Saved(Optional<Hub> hub, Optional<ValidationCohort> cohort, List<OutboxEntry> outbox) {
    public Saved {
        outbox = List.copyOf(outbox);
    }
}
