package com.hubstatus.usecase.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a look at a sparse index found, with what it cost.
 *
 * @param items        the due entries
 * @param scannedCount the index entries DynamoDB read
 * @param queries      the Query calls made
 * @param oldestDue    the earliest due time among the items; empty when there are none
 */
public record DueScan<T>(List<T> items, int scannedCount, int queries, Optional<Instant> oldestDue) {
    public DueScan {
        items = List.copyOf(items);
    }

    public DueScan(List<T> items, int scannedCount, int queries) {
        this(items, scannedCount, queries, Optional.empty());
    }
}
