package com.hubstatus.usecase.port;

import com.hubstatus.status.Decision;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HistoryEntry;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.ValidationCohort;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where hubs, cohorts, their history and the processed-event markers are kept. Reads of one
 * workspace never reach another's items; cursors are opaque and accepted only for the listing
 * that issued them. Writes are conditional on the versions the facts were read at.
 */
public interface HubRepository {

    Optional<Hub> findHub(String workspaceId, String hubId);

    Optional<ValidationCohort> findCohort(String workspaceId, ExternalApp app);

    /** A hub with its cohort, or empty when the hub does not exist. */
    Optional<HubWithCohort> findHubWithCohort(String workspaceId, String hubId);

    /**
     * How many hubs a user sees in a workspace, by app and standing status (the status from the
     * hub's own facts alone: see {@code StatusEvaluator.standing}). One read.
     */
    Map<ExternalApp, Map<HubStatus, Integer>> standingCounts(String workspaceId, String userId);

    /**
     * One page of the ids of the hubs of {@code app} a user sees, by standing status in precedence
     * order (only those of {@code standing} when present), then hub id: a Query of the user's
     * listing, reading about as many entries as it returns.
     */
    Page<String> listed(String workspaceId, String userId, ExternalApp app, Optional<HubStatus> standing,
                        Optional<String> cursor, int limit);

    /**
     * The hubs of {@code app} in a workspace whose standing status is Healthy but whose last
     * success went stale by {@code now}: the hubs whose status changed with time since they were
     * written, found by a sparse index without reading the others.
     */
    List<Hub> goneStale(String workspaceId, ExternalApp app, Instant now);

    /** The hubs of these ids that exist, in the order asked, read strongly. */
    List<Hub> hubs(String workspaceId, List<String> hubIds);

    /** Every cohort of a workspace. */
    Map<ExternalApp, ValidationCohort> cohortsOf(String workspaceId);

    /**
     * One page of the hubs of a cohort, read with strong consistency.
     *
     * @param notValidatedBy when present, only hubs whose last validation run is another run
     */
    Page<Hub> listCohortHubs(String workspaceId, ExternalApp app, Optional<String> cursor, int limit,
                             Optional<String> notValidatedBy);

    /**
     * One page of what is under review across every workspace, longest under review first: a
     * Query of a sparse index, never a Scan.
     */
    Page<UnderReview> underReview(Optional<String> cursor, int limit);

    /** A hub's status history, newest first. */
    Page<HistoryEntry> history(String workspaceId, String hubId, Optional<String> cursor, int limit);

    /**
     * Writes a decision in one transaction: the hub and cohort conditional on their versions, the
     * history entries, each event as an outbox entry, and the processed-event marker if given.
     *
     * @throws ConcurrentChangeException when the hub or cohort changed since it was read
     * @throws DuplicateEventException   when the marker shows the event was already processed
     */
    Saved save(Decision decision, Optional<ProcessedEvent> marker, Instant now);

    default Saved save(Decision decision, Instant now) {
        return save(decision, Optional.empty(), now);
    }

    /**
     * Claims an event for a consumer whose work spans several writes; false when it was already
     * claimed (a repeated delivery).
     */
    boolean claim(ProcessedEvent marker, Instant now);

    boolean isProcessed(ProcessedEvent marker);

    /** The hubs the staleness sweep must look at by {@code now}, at most {@code limit}. */
    DueScan<HubKey> dueForSweep(Instant now, int limit);

    /** Hubs with a pending check and cohorts with a validation run, due to be asked for again. */
    DueScan<RetryKey> dueForRetry(Instant now, int limit);
}
