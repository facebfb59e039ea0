package com.hubstatus.status;

/** What an external app check or sync named as the cause of a failure. */
public enum Cause {
    /** The hub is misconfigured, e.g. the business ID does not exist. */
    CONFIGURATION,
    /** The service account's login credentials are wrong. */
    SERVICE_ACCOUNT_CREDENTIALS,
    /** Vendor-managed MFA is not turned on for the service account. */
    SERVICE_ACCOUNT_MFA,
    /** The vendor's automation failed; an operator must fix it. */
    AUTOMATION_FAILURE,
    /** A known issue on the vendor side; an operator must resolve it. */
    KNOWN_ISSUE,
    /** Nothing conclusive (timeout, outage); try again later. */
    TRANSIENT;

    /** True for causes a cohort validation treats as the integration's, not one hub's. */
    public boolean concernsIntegration() {
        return this == AUTOMATION_FAILURE || this == KNOWN_ISSUE;
    }
}
