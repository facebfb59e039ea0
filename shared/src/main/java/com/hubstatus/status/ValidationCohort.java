package com.hubstatus.status;

import java.time.Instant;
import java.util.Objects;

/**
 * The validation of one external app's integration in one workspace. It starts when the first
 * hub of the app is connected; every hub connected before its first completion is a member and
 * shows Under validation until then.
 *
 * @param workspaceId     the workspace
 * @param app             the external app
 * @param requestedAt     when the first validation was asked for
 * @param completedAt     when the first validation completed, or null while it runs
 * @param lastCompletedAt when the latest validation completed, or null
 * @param run             the validation run in progress, or null
 * @param review          the integration-level review an operator must resolve, or null
 * @param version         the stored version this copy was read at (0 for a cohort not yet stored)
 */
public record ValidationCohort(String workspaceId, ExternalApp app, Instant requestedAt, Instant completedAt,
                               Instant lastCompletedAt, ValidationRun run, Review review, long version) {

    public ValidationCohort {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** True until the first validation completes: every hub of the app is Under validation. */
    public boolean isValidating() {
        return completedAt == null;
    }

    /** When the validation retry schedule should ask again for the run, or null. */
    public Instant retryAt() {
        return run == null ? null : run.retryAt();
    }

    public ValidationCohort withRun(ValidationRun newRun) {
        return new ValidationCohort(workspaceId, app, requestedAt, completedAt, lastCompletedAt, newRun, review, version);
    }

    /**
     * An integration-level problem found by a validation.
     *
     * @param code   {@link ReasonCode#INTEGRATION_AUTOMATION_FAILED} or {@link ReasonCode#INTEGRATION_KNOWN_ISSUE}
     * @param detail the external app's explanation
     * @param since  when it was first found
     */
    public record Review(ReasonCode code, String detail, Instant since) {
        public Review {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(since, "since");
            detail = detail == null ? "" : detail;
        }
    }
}
