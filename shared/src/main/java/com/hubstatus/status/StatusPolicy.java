package com.hubstatus.status;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing rules of the status contract.
 *
 * @param stalenessThreshold how long after the last successful sync a hub requires a sync
 * @param autoSyncLead       how long before staleness the system asks for an automatic sync
 * @param syncLease          how long a sync may run before another may start in its place
 * @param retryDelay         how long a validation or check may go without a result before it is asked for again
 * @param claimLease         how long an executor holds a check or a validation run it took on (longer than a
 *                           function may run, so only a dead executor loses it)
 */
public record StatusPolicy(Duration stalenessThreshold, Duration autoSyncLead, Duration syncLease, Duration retryDelay,
                           Duration claimLease) {

    public static final Duration MAX_RETRY_DELAY = Duration.ofHours(4);
    /** How many times a sync is asked for before it is recorded as failed for want of an outcome. */
    public static final int MAX_SYNC_ATTEMPTS = 3;

    public StatusPolicy {
        Objects.requireNonNull(stalenessThreshold, "stalenessThreshold");
        Objects.requireNonNull(autoSyncLead, "autoSyncLead");
        Objects.requireNonNull(syncLease, "syncLease");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(claimLease, "claimLease");
        if (stalenessThreshold.isNegative() || stalenessThreshold.isZero()) {
            throw new IllegalArgumentException("the staleness threshold must be positive");
        }
        if (autoSyncLead.isNegative() || autoSyncLead.compareTo(stalenessThreshold) >= 0) {
            throw new IllegalArgumentException("the automatic sync lead must be shorter than the staleness threshold");
        }
        if (syncLease.isNegative() || syncLease.isZero() || retryDelay.isNegative() || retryDelay.isZero()
                || claimLease.isNegative() || claimLease.isZero()) {
            throw new IllegalArgumentException("the sync lease, retry delay and claim lease must be positive");
        }
    }

    /** 24 h staleness, automatic syncs 2 h ahead, 15 min sync lease and retry delay, 6 min claims. */
    public static StatusPolicy defaults() {
        return new StatusPolicy(Duration.ofHours(24), Duration.ofHours(2), Duration.ofMinutes(15), Duration.ofMinutes(15),
                Duration.ofMinutes(6));
    }

    public StatusPolicy withStalenessThreshold(Duration threshold) {
        Duration lead = autoSyncLead.compareTo(threshold) < 0 ? autoSyncLead : threshold.dividedBy(12);
        return new StatusPolicy(threshold, lead, syncLease, retryDelay, claimLease);
    }

    /** The delay before asking again after {@code attempts} inconclusive attempts: doubling, capped. */
    public Duration retryDelayAfter(int attempts) {
        Duration delay = retryDelay;
        for (int i = 0; i < attempts && delay.compareTo(MAX_RETRY_DELAY) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }
}
