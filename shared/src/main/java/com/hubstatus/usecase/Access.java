package com.hubstatus.usecase;

import com.hubstatus.status.Hub;

/** Who may see and act on a hub: owners act, managers only see, others do not even see it. */
final class Access {

    private Access() {
    }

    static Hub requireVisible(Hub hub, Caller caller) {
        if (!hub.isVisibleTo(caller.userId())) {
            throw new HubNotFoundException();
        }
        return hub;
    }

    static Hub requireOwner(Hub hub, Caller caller, String refusal) {
        requireVisible(hub, caller);
        if (!hub.isOwner(caller.userId())) {
            throw new ForbiddenException(refusal);
        }
        return hub;
    }
}
