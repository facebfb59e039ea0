package com.hubstatus.status;

/** Why a single-hub check was asked for. */
public enum CheckTrigger {
    /** The hub was connected after its app's integration had been validated. */
    CONNECTED,
    /** The owner changed the business ID or the service account. */
    CONFIGURATION_CHANGED,
    /** The owner asked for a re-check, having fixed the problem outside hubstatus. */
    OWNER_REQUESTED
}
