package com.hubstatus.status;

import java.time.Instant;
import java.util.Objects;

/**
 * One open reason a hub is not healthy.
 *
 * @param code    stable code
 * @param message plain message
 * @param detail  the external app's explanation, or empty
 * @param since   since when the reason has been open
 */
public record Reason(ReasonCode code, String message, String detail, Instant since) {
    public Reason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(since, "since");
        detail = detail == null ? "" : detail;
    }

    public HubStatus status() {
        return code.status();
    }

    public NextAction nextAction() {
        return code.nextAction();
    }
}
