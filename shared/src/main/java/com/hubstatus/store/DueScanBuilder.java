package com.hubstatus.store;

import com.hubstatus.usecase.port.DueScan;

import java.util.ArrayList;
import java.util.List;

/** Gathers a {@link DueScan} over several Query calls. */
final class DueScanBuilder<T> {
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
