package com.hubstatus.status;

import java.time.Instant;
import java.util.Objects;

/**
 * One validation of a cohort: it checks every hub of the cohort, then completes, then records
 * each hub's resulting status. It may take several invocations; each picks up where the last
 * stopped, and the retry schedule restarts one that stopped without finishing.
 *
 * @param runId         identifies the run; events for another run are ignored
 * @param kind          the first validation or an operator's re-validation
 * @param phase         checking hubs, or recording their status after completion
 * @param requestedBy   the user who asked (the first owner, or the operator)
 * @param requestedAt   when it was asked for
 * @param attempts      how many times it was asked for again
 * @param retryAt       when to ask again if it has not finished by then
 * @param reviewFinding the first automation failure or known issue this run found, or null
 * @param settleCursor  where recording the hubs' statuses resumes (an opaque store cursor), or null
 * @param claim         the executor working on the run now, or null while nobody is
 */
public record ValidationRun(String runId, Kind kind, Phase phase, String requestedBy, Instant requestedAt,
                            int attempts, Instant retryAt, Finding reviewFinding, String settleCursor, Claim claim) {

    public enum Kind { INITIAL, REVALIDATION }

    public enum Phase { CHECKING, SETTLING }

    public ValidationRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(retryAt, "retryAt");
    }

    public ValidationRun(String runId, Kind kind, Phase phase, String requestedBy, Instant requestedAt, int attempts,
                         Instant retryAt, Finding reviewFinding, String settleCursor) {
        this(runId, kind, phase, requestedBy, requestedAt, attempts, retryAt, reviewFinding, settleCursor, null);
    }

    public ValidationRun withPhase(Phase newPhase) {
        return new ValidationRun(runId, kind, newPhase, requestedBy, requestedAt, attempts, retryAt, reviewFinding, null,
                claim);
    }

    public ValidationRun withReviewFinding(Finding finding) {
        return new ValidationRun(runId, kind, phase, requestedBy, requestedAt, attempts, retryAt, finding, settleCursor,
                claim);
    }

    /** Asked for again by the retry schedule: nobody holds it until an executor claims it. */
    public ValidationRun retried(Instant nextRetryAt) {
        return new ValidationRun(runId, kind, phase, requestedBy, requestedAt, attempts + 1, nextRetryAt, reviewFinding,
                settleCursor, null);
    }

    /** Handed on to a new invocation, which claims it afresh. */
    public ValidationRun continued(Instant nextRetryAt, String cursor) {
        return new ValidationRun(runId, kind, phase, requestedBy, requestedAt, attempts, nextRetryAt, reviewFinding, cursor,
                null);
    }

    public ValidationRun claimedBy(Claim newClaim) {
        return new ValidationRun(runId, kind, phase, requestedBy, requestedAt, attempts, retryAt, reviewFinding,
                settleCursor, newClaim);
    }

    public boolean isClaimedAt(Instant now) {
        return claim != null && claim.holdsAt(now);
    }
}
