package com.hubstatus.status;

import java.util.List;
import java.util.Optional;

/**
 * What a transition decided: the new facts to write and what to tell. A store writes all of it
 * in one transaction, conditional on the versions the facts were read at.
 *
 * @param hub        the hub's new facts; empty when the hub is not written
 * @param hubDeleted true when the hub is to be removed ({@code hub} then holds its last facts)
 * @param cohort     the cohort's new facts; empty when the cohort is not written
 * @param events     events to publish once the write succeeds
 * @param history    status transitions to append
 */
public record Decision(Optional<Hub> hub, boolean hubDeleted, Optional<ValidationCohort> cohort,
                       List<DomainEvent> events, List<HistoryEntry> history) {

    public Decision {
        events = List.copyOf(events);
        history = List.copyOf(history);
        if (hubDeleted && hub.isEmpty()) {
            throw new IllegalArgumentException("a deletion names the hub it deletes");
        }
    }

    public static Decision ofHub(Hub hub, List<DomainEvent> events, List<HistoryEntry> history) {
        return new Decision(Optional.of(hub), false, Optional.empty(), events, history);
    }

    public static Decision ofCohort(ValidationCohort cohort, List<DomainEvent> events) {
        return new Decision(Optional.empty(), false, Optional.of(cohort), events, List.of());
    }

    public static Decision deletion(Hub hub, List<DomainEvent> events, List<HistoryEntry> history) {
        return new Decision(Optional.of(hub), true, Optional.empty(), events, history);
    }

    /** The same decision, also writing {@code newCohort} when present. */
    public Decision withCohort(Optional<ValidationCohort> newCohort) {
        return new Decision(hub, hubDeleted, newCohort, events, history);
    }
}
