package com.hubstatus.usecase;

import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HubTransitions;
import com.hubstatus.status.ValidationCohort;

import java.util.Optional;

/**
 * An operator asks for an app's integration in their workspace to be validated again, once the
 * automation failure or known issue that put its hubs Under review is fixed.
 */
public record RequestRevalidation(StatusRecorder recorder, HubTransitions transitions) {

    /**
     * @param appId the app whose integration to validate again, as the caller named it
     * @return the integration's validation cohort with the new run
     */
    public ValidationCohort request(Caller caller, String appId) {
        if (!caller.operator()) {
            throw new ForbiddenException("only operators may re-validate an integration");
        }
        ExternalApp app = ExternalApp.byId(appId).orElseThrow(IntegrationNotFoundException::new);
        return recorder.onCohort(caller.workspaceId(), app,
                        (cohort, now) -> Optional.of(transitions.requestRevalidation(cohort, caller.userId(), now)))
                .orElseThrow(IntegrationNotFoundException::new)
                .cohort();
    }
}
