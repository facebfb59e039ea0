package com.hubstatus.status;

import java.util.Objects;
import java.util.Set;

/**
 * How a hub stands in its members' listings as last written: the store keeps each owner's and
 * manager's listing, and their counts, by the hub's standing status ({@link StatusEvaluator#standing}),
 * and compares this with the hub's new facts to know what to change when it writes the hub.
 *
 * @param standing the standing status the listings hold the hub under
 * @param members  the users whose listings hold it
 */
public record HubListing(HubStatus standing, Set<String> members) {
    public HubListing {
        Objects.requireNonNull(standing, "standing");
        members = Set.copyOf(members);
    }
}
