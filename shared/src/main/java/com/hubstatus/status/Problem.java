package com.hubstatus.status;

import java.time.Instant;
import java.util.Objects;

/**
 * An open problem of one hub, found by a check or a sync; it stays open until a later check no
 * longer finds it.
 *
 * @param code       what is wrong
 * @param detail     the external app's explanation, as last seen
 * @param since      when it was first found
 * @param lastSeenAt when it was last found
 */
public record Problem(ReasonCode code, String detail, Instant since, Instant lastSeenAt) {
    public Problem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        detail = detail == null ? "" : detail;
    }
}
