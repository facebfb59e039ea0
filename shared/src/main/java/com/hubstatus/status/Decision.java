package com.hubstatus.status;

import java.util.ArrayList;
import java.util.List;

/**
 * What a transition decided: the new facts to write and what to tell. A store writes all of it
 * in one transaction, conditional on the versions the facts were read at.
 *
 * @param hub        the hub's new facts, or null when the hub is unchanged
 * @param hubDeleted true when the hub is to be removed ({@code hub} is then its last facts)
 * @param cohort     the cohort's new facts, or null when the cohort is not written
 * @param events     events to publish once the write succeeds
 * @param history    status transitions to append
 */
public record Decision(Hub hub, boolean hubDeleted, ValidationCohort cohort, List<DomainEvent> events,
                       List<HistoryEntry> history) {

    public Decision {
        events = List.copyOf(events);
        history = List.copyOf(history);
    }

    public static Decision ofHub(Hub hub, List<DomainEvent> events, List<HistoryEntry> history) {
        return new Decision(hub, false, null, events, history);
    }

    public static Decision ofCohort(ValidationCohort cohort, List<DomainEvent> events) {
        return new Decision(null, false, cohort, events, List.of());
    }

    public Decision withCohort(ValidationCohort newCohort) {
        return new Decision(hub, hubDeleted, newCohort, events, history);
    }

    public Decision plusEvents(List<DomainEvent> more) {
        List<DomainEvent> all = new ArrayList<>(events);
        all.addAll(more);
        return new Decision(hub, hubDeleted, cohort, all, history);
    }
}
