package com.hubstatus.status;

/** The next thing to do about a hub, for the actor who has to do it. */
public enum NextAction {
    WAIT_FOR_VALIDATION(Actor.NOBODY, "Wait for validation to complete"),
    REVALIDATE(Actor.OPERATOR, "Fix the automation, then re-run validation"),
    UPDATE_BUSINESS_ID(Actor.OWNER,
            "Update the business ID (the hub is re-checked), or fix the configuration in the app, then re-check the hub"),
    UPDATE_SERVICE_ACCOUNT_CREDENTIALS(Actor.OWNER,
            "Update the service account's login credentials, then re-check the hub"),
    TURN_ON_MANAGED_MFA(Actor.OWNER, "Turn on Cerby-managed MFA for the service account, then re-check the hub"),
    RUN_SYNC(Actor.OWNER, "Run a sync"),
    NONE(Actor.NOBODY, "Nothing to do");

    private final Actor actor;
    private final String label;

    NextAction(Actor actor, String label) {
        this.actor = actor;
        this.label = label;
    }

    public Actor actor() { return actor; }

    public String label() { return label; }
}
