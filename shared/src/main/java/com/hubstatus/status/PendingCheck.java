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
 */
public record PendingCheck(String checkId, CheckTrigger trigger, Instant requestedAt, int attempts, Instant retryAt) {
}
