package com.hubstatus.outbox;

import java.util.List;
import java.util.Set;

/** Where entries are published: the bus's side of the outbox. */
public interface EventBus {

    /**
     * Puts entries on the bus. Entries it could not take are left out of the answer; failures
     * of the bus itself come back the same way rather than as exceptions.
     *
     * @return the event ids of the entries the bus accepted
     */
    Set<String> put(List<OutboxEntry> entries);
}
