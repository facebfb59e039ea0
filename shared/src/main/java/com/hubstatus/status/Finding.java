package com.hubstatus.status;

import java.util.Objects;

/**
 * One thing an external app check or sync found wrong, with the plain detail it gave.
 *
 * @param cause  what kind of problem it is
 * @param detail a short plain-text explanation from the external app (may be empty, never null)
 */
public record Finding(Cause cause, String detail) {
    public static final int MAX_DETAIL_LENGTH = 300;

    public Finding {
        Objects.requireNonNull(cause, "cause");
        detail = detail == null ? "" : detail.strip();
        if (detail.length() > MAX_DETAIL_LENGTH) {
            detail = detail.substring(0, MAX_DETAIL_LENGTH);
        }
    }

    public static Finding of(Cause cause, String detail) {
        return new Finding(cause, detail);
    }
}
