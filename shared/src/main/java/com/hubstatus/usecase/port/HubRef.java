package com.hubstatus.usecase.port;

import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;

import java.util.Objects;

/**
 * What the external app needs to know about a hub to check or sync it. The service account is
 * a reference the automation resolves on its side; no credential ever passes through here.
 *
 * @param workspaceId       the hub's workspace
 * @param hubId             the hub
 * @param app               the external app the hub is an account of
 * @param businessId        the hub's account identifier in the app, or null when none is set
 * @param serviceAccountRef which managed service account to use, or null when none is set
 */
public record HubRef(String workspaceId, String hubId, ExternalApp app, String businessId,
                     String serviceAccountRef) {

    public HubRef {
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(hubId, "hubId");
        Objects.requireNonNull(app, "app");
    }

    public static HubRef of(Hub hub) {
        return new HubRef(hub.workspaceId(), hub.hubId(), hub.app(), hub.businessId(), hub.serviceAccountRef());
    }
}
