package com.hubstatus.outbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Where entries wait until they are published: the store's side of the outbox. */
public interface Outbox {

    /** Entries written before {@code writtenBefore} and not yet published, at most {@code limit}. */
    List<OutboxEntry> unpublished(Instant writtenBefore, int limit);

    /** Removes published entries. */
    void remove(Collection<String> eventIds);
}
