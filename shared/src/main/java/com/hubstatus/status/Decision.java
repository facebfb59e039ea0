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
 * @param joined     the validating cohort a new hub joins: its version is bumped, on condition that it is
 *                   still validating, so a run completing meanwhile notices the new member; the join
 *                   does not depend on the version read, so hubs joining at once do not contend
 * @param events     events to publish once the write succeeds
 * @param history    status transitions to append
 */
public record Decision(Optional<Hub> hub, boolean hubDeleted, Optional<ValidationCohort> cohort,
                       Optional<ValidationCohort> joined, List<DomainEvent> events, List<HistoryEntry> history) {

    public Decision {
        events = List.copyOf(events);
        history = List.copyOf(history);
        if (hubDeleted && hub.isEmpty()) {
            throw new IllegalArgumentException("a deletion names the hub it deletes");
        }
        if (cohort.isPresent() && joined.isPresent()) {
            throw new IllegalArgumentException("a decision writes a cohort or joins it, not both");
        }
    }

    public static Decision ofHub(Hub hub, List<DomainEvent> events, List<HistoryEntry> history) {
        return new Decision(Optional.of(hub), false, Optional.empty(), Optional.empty(), events, history);
    }

    public static Decision ofCohort(ValidationCohort cohort, List<DomainEvent> events) {
        return new Decision(Optional.empty(), false, Optional.of(cohort), Optional.empty(), events, List.of());
    }

    public static Decision deletion(Hub hub, List<DomainEvent> events, List<HistoryEntry> history) {
        return new Decision(Optional.of(hub), true, Optional.empty(), Optional.empty(), events, history);
    }

    /** The same decision, also writing {@code newCohort} when present. */
    public Decision withCohort(Optional<ValidationCohort> newCohort) {
        return new Decision(hub, hubDeleted, newCohort, joined, events, history);
    }

    /** The same decision, also joining {@code validating} (see {@link #joined}). */
    public Decision joining(ValidationCohort validating) {
        return new Decision(hub, hubDeleted, cohort, Optional.of(validating), events, history);
    }
}
