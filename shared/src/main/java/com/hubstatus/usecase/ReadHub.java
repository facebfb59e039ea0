package com.hubstatus.usecase;

import com.hubstatus.status.HistoryEntry;
import com.hubstatus.status.StatusEvaluator;
import com.hubstatus.status.StatusView;
import com.hubstatus.usecase.port.HubRepository;
import com.hubstatus.usecase.port.HubWithCohort;
import com.hubstatus.usecase.port.Page;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * An owner or manager reads one hub: its status computed at the moment of the read from its
 * facts, its cohort's and the time, so it is right whether or not the sweep has run; and its
 * status history.
 */
public record ReadHub(HubRepository hubs, StatusEvaluator evaluator, Clock clock) {

    public StatusView read(Caller caller, String hubId) {
        HubWithCohort found = visible(caller, hubId);
        return evaluator.evaluate(found.hub(), found.cohort(), clock.instant());
    }

    /**
     * One page of a hub's status transitions.
     *
     * @param entries    newest first
     * @param nextCursor where the next page starts, or empty on the last page
     */
    public record History(List<HistoryEntry> entries, Optional<String> nextCursor) {
        public History {
            entries = List.copyOf(entries);
        }
    }

    /** The hub's status transitions, newest first. */
    public History history(Caller caller, String hubId, Optional<String> cursor, int limit) {
        HubWithCohort found = visible(caller, hubId);
        Page<HistoryEntry> page = hubs.history(caller.workspaceId(), found.hub().hubId(), cursor, limit);
        return new History(page.items(), Optional.ofNullable(page.nextCursor()));
    }

    private HubWithCohort visible(Caller caller, String hubId) {
        return hubs.findHubWithCohort(caller.workspaceId(), hubId)
                .filter(found -> found.hub().isVisibleTo(caller.userId()))
                .orElseThrow(HubNotFoundException::new);
    }
}
