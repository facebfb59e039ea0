package com.hubstatus.status;

import java.time.Instant;

/**
 * A single-hub check that was asked for and has no result yet.
 *
 * @param checkId     identifies this request; a result for another id is ignored
 * @param trigger     why it was asked for
 * @param requestedAt when it was asked for
 * @param attempts    how many times it ended without a conclusive result
 * @param retryAt     when to ask again if no result has arrived by then
 * @param claim       the executor checking the hub now, or null while nobody is
 */
public record PendingCheck(String checkId, CheckTrigger trigger, Instant requestedAt, int attempts, Instant retryAt,
                           Claim claim) {

    public PendingCheck(String checkId, CheckTrigger trigger, Instant requestedAt, int attempts, Instant retryAt) {
        this(checkId, trigger, requestedAt, attempts, retryAt, null);
    }

    public boolean isClaimedAt(Instant now) {
        return claim != null && claim.holdsAt(now);
    }

    public PendingCheck claimedBy(Claim newClaim) {
        return new PendingCheck(checkId, trigger, requestedAt, attempts, retryAt, newClaim);
    }

    /** Inconclusive again: asked for again at {@code nextRetryAt}, by nobody until then. */
    public PendingCheck inconclusive(Instant nextRetryAt) {
        return new PendingCheck(checkId, trigger, requestedAt, attempts + 1, nextRetryAt, null);
    }
}
