package com.hubstatus.usecase.port;

import com.hubstatus.status.ExternalApp;

/**
 * Something the validation retry schedule must ask for again: a hub's pending check (app null)
 * or a cohort's validation run (hubId null).
 */
public record RetryKey(String workspaceId, String hubId, ExternalApp app) {
    public static RetryKey hub(String workspaceId, String hubId) {
        return new RetryKey(workspaceId, hubId, null);
    }

    public static RetryKey cohort(String workspaceId, ExternalApp app) {
        return new RetryKey(workspaceId, null, app);
    }

    public boolean isHub() {
        return hubId != null;
    }
}
