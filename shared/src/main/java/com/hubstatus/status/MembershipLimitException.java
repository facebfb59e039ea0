package com.hubstatus.status;

/** A change would give a hub more owners or managers than it may have, or change too many at once. */
public final class MembershipLimitException extends RuntimeException {
    public MembershipLimitException(String message) {
        super(message);
    }
}
