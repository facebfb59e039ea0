package com.hubstatus.store;

import com.hubstatus.usecase.port.DueScan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Gathers a {@link DueScan} over several Query calls. */
final class DueScanBuilder<T> {
    private final List<T> items = new ArrayList<>();
    private int scanned;
    private int queries;
    private Instant oldestDue;

    void add(T item) {
        items.add(item);
    }

    /** An item's due time, as its index sort key told it. */
    void due(Instant at) {
        if (oldestDue == null || at.isBefore(oldestDue)) {
            oldestDue = at;
        }
    }

    void query(int scannedCount) {
        scanned += scannedCount;
        queries++;
    }

    int size() {
        return items.size();
    }

    DueScan<T> build() {
        return new DueScan<>(items, scanned, queries, Optional.ofNullable(oldestDue));
    }
}
