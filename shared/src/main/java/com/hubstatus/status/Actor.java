package com.hubstatus.status;

/** Who must act for a hub to move on. */
public enum Actor {
    /** Nobody: wait, or nothing to do. */
    NOBODY,
    /** The hub's owner. */
    OWNER,
    /** Vendor staff reviewing failed automations. */
    OPERATOR
}
