package com.hubstatus.usecase;

import com.hubstatus.status.Hub;

import java.util.Optional;
import java.util.Set;

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

    /** The hub, if it is at one of the versions the caller expects (any, when none is given). */
    static Hub requireVersion(Hub hub, Optional<Set<Long>> expected) {
        if (expected.isPresent() && !expected.get().contains(hub.version())) {
            throw new StaleVersionException(hub.version());
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
