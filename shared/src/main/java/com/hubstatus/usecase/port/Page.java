package com.hubstatus.usecase.port;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items      the items of this page
 * @param nextCursor the cursor for the next page, or null on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {
    public Page {
        items = List.copyOf(items);
    }
}
