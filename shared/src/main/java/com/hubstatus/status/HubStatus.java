package com.hubstatus.status;

/**
 * The six statuses of a business hub integration, declared in precedence order: when several
 * apply, the one declared first is the hub's status.
 */
public enum HubStatus {
    UNDER_VALIDATION("Under validation",
            "The hub is connected and its app integration in this workspace is being validated.",
            Actor.NOBODY),
    UNDER_REVIEW("Under review by Cerby",
            "Cerby is reviewing and addressing known issues or failed automations found for this hub.",
            Actor.OPERATOR),
    REVIEW_CONFIGURATION("Review configuration",
            "The hub is misconfigured, for example with an incorrect business ID, so automation could not complete.",
            Actor.OWNER),
    REVIEW_SERVICE_ACCOUNT("Review service account",
            "The hub's service account has incorrect login credentials or Cerby-managed MFA turned off.",
            Actor.OWNER),
    REQUIRES_SYNC("Requires sync",
            "Cerby's data for this hub is outdated: no initial sync yet, the last sync failed, or it is over the staleness threshold.",
            Actor.OWNER),
    HEALTHY("Healthy",
            "The integration works and the last sync succeeded within the staleness threshold.",
            Actor.NOBODY);

    private final String label;
    private final String description;
    private final Actor mustAct;

    HubStatus(String label, String description, Actor mustAct) {
        this.label = label;
        this.description = description;
        this.mustAct = mustAct;
    }

    public String label() { return label; }

    public String description() { return description; }

    /** Who has to do something for the hub to leave this status. */
    public Actor mustAct() { return mustAct; }
}
