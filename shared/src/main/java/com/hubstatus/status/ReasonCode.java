package com.hubstatus.status;

/**
 * Why a hub is not healthy. Each code belongs to one status and names the next action; the
 * declaration order is the order reasons are listed in (precedence first).
 */
public enum ReasonCode {
    VALIDATION_IN_PROGRESS(HubStatus.UNDER_VALIDATION, NextAction.WAIT_FOR_VALIDATION,
            "The %s integration in this workspace is being validated."),
    INTEGRATION_AUTOMATION_FAILED(HubStatus.UNDER_REVIEW, NextAction.REVALIDATE,
            "Validation of the %s integration found a failed automation; Cerby is reviewing it."),
    INTEGRATION_KNOWN_ISSUE(HubStatus.UNDER_REVIEW, NextAction.REVALIDATE,
            "A known issue affects the %s integration; Cerby is addressing it."),
    HUB_AUTOMATION_FAILED(HubStatus.UNDER_REVIEW, NextAction.REVALIDATE,
            "An automation failed on this %s hub; Cerby is reviewing it."),
    HUB_KNOWN_ISSUE(HubStatus.UNDER_REVIEW, NextAction.REVALIDATE,
            "A known issue affects this %s hub; Cerby is addressing it."),
    CONFIGURATION_INVALID(HubStatus.REVIEW_CONFIGURATION, NextAction.UPDATE_BUSINESS_ID,
            "%s rejected the hub's configuration, for example an incorrect business ID."),
    SERVICE_ACCOUNT_CREDENTIALS_INVALID(HubStatus.REVIEW_SERVICE_ACCOUNT, NextAction.UPDATE_SERVICE_ACCOUNT_CREDENTIALS,
            "The service account's login credentials for %s are incorrect."),
    SERVICE_ACCOUNT_MFA_NOT_MANAGED(HubStatus.REVIEW_SERVICE_ACCOUNT, NextAction.TURN_ON_MANAGED_MFA,
            "Cerby-managed MFA is not turned on for the %s service account."),
    NO_INITIAL_SYNC(HubStatus.REQUIRES_SYNC, NextAction.RUN_SYNC,
            "The initial sync with %s has not completed yet."),
    LAST_SYNC_FAILED(HubStatus.REQUIRES_SYNC, NextAction.RUN_SYNC,
            "The last sync with %s failed."),
    SYNC_STALE(HubStatus.REQUIRES_SYNC, NextAction.RUN_SYNC,
            "The last successful sync with %s is older than the staleness threshold.");

    private final HubStatus status;
    private final NextAction nextAction;
    private final String messageTemplate;

    ReasonCode(HubStatus status, NextAction nextAction, String messageTemplate) {
        this.status = status;
        this.nextAction = nextAction;
        this.messageTemplate = messageTemplate;
    }

    public HubStatus status() { return status; }

    public NextAction nextAction() { return nextAction; }

    /** The plain message for a hub of {@code app}. */
    public String message(ExternalApp app) {
        return String.format(messageTemplate, app.label());
    }

    /** True for the hub's own automation failure or known issue: its next successful sync closes it. */
    public boolean closesWithASuccessfulSync() {
        return this == HUB_AUTOMATION_FAILED || this == HUB_KNOWN_ISSUE;
    }

    /** The hub-level problem a cause found by a check or sync opens, if it is one. */
    public static ReasonCode forHubCause(Cause cause) {
        return switch (cause) {
            case CONFIGURATION -> CONFIGURATION_INVALID;
            case SERVICE_ACCOUNT_CREDENTIALS -> SERVICE_ACCOUNT_CREDENTIALS_INVALID;
            case SERVICE_ACCOUNT_MFA -> SERVICE_ACCOUNT_MFA_NOT_MANAGED;
            case AUTOMATION_FAILURE -> HUB_AUTOMATION_FAILED;
            case KNOWN_ISSUE -> HUB_KNOWN_ISSUE;
            case TRANSIENT -> throw new IllegalArgumentException("a transient failure opens no problem");
        };
    }

    /** The integration-level review a cause found by a cohort validation opens, if it is one. */
    public static ReasonCode forIntegrationCause(Cause cause) {
        return switch (cause) {
            case AUTOMATION_FAILURE -> INTEGRATION_AUTOMATION_FAILED;
            case KNOWN_ISSUE -> INTEGRATION_KNOWN_ISSUE;
            default -> throw new IllegalArgumentException(cause + " is not an integration-level cause");
        };
    }
}
