package com.hubstatus.store;

import java.util.ArrayList;
import java.util.List;

/**
 * What a scan of a sparse index found, with what it cost.
 *
 * @param items        the due entries
 * @param scannedCount the index entries DynamoDB read
 * @param queries      the Query calls made
 */
public record DueScan<T>(List<T> items, int scannedCount, int queries) {
    public DueScan {
        items = List.copyOf(items);
    }

    static final class Builder<T> {
        private final List<T> items = new ArrayList<>();
        private int scanned;
        private int queries;

        void add(T item) {
            items.add(item);
        }

        void query(int scannedCount) {
            scanned += scannedCount;
            queries++;
        }

        int size() {
            return items.size();
        }

        DueScan<T> build() {
            return new DueScan<>(items, scanned, queries);
        }
    }
}
