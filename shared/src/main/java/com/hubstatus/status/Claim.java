package com.hubstatus.status;

import java.time.Instant;
import java.util.Objects;

/**
 * Work someone has taken on: a sync, a check or a validation run one invocation is performing.
 * While the claim holds, duplicates of the request that started it (whatever their event ids)
 * stay away from the external app. An executor that fails lets go of its claim so a retry can
 * take the work up at once; one that died cannot, and once its claim lapses the retry schedule
 * asks for the work again.
 *
 * @param by    who holds it: a token of the invocation doing the work
 * @param until after this instant the claim no longer holds
 */
public record Claim(String by, Instant until) {

    public Claim {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(until, "until");
    }

    public boolean holdsAt(Instant now) {
        return !now.isAfter(until);
    }

    /** True while someone other than {@code claimant} holds the work. */
    public boolean keepsAway(String claimant, Instant now) {
        return holdsAt(now) && !by.equals(claimant);
    }
}
