package com.hubstatus.usecase.port;

import java.util.List;

/**
 * What a look at a sparse index found, with what it cost.
 *
 * @param items        the due entries
 * @param scannedCount the index entries DynamoDB read
 * @param queries      the Query calls made
 */
public record DueScan<T>(List<T> items, int scannedCount, int queries) {
    public DueScan {
        items = List.copyOf(items);
    }
}
