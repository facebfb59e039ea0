package com.hubstatus.local.dynamodb.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the engine has served since it started or was last reset, as DynamoDB on-demand would bill
 * it: requests per operation, and read and write request units, counted whether or not a request
 * asked for its ConsumedCapacity. A conditional write that is refused counts one write unit, as
 * DynamoDB charges for it (at least one unit; more for items over 1 KB, which this count leaves out).
 */
public final class Meter {

    /** The capacity objects of the request running on this thread. */
    private static final ThreadLocal<List<Capacity>> CURRENT = new ThreadLocal<>();

    private final Map<String, Long> requests = new TreeMap<>();
    private double readUnits;
    private double writeUnits;

    /** A snapshot of the meter. */
    public record Reading(Map<String, Long> requests, double readUnits, double writeUnits) {
        public Reading {
            requests = Map.copyOf(requests);
        }

        public long totalRequests() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static void began() {
        CURRENT.set(new ArrayList<>());
    }

    static void counted(Capacity capacity) {
        List<Capacity> current = CURRENT.get();
        if (current != null) {
            current.add(capacity);
        }
    }

    /** Adds the request that ran on this thread since {@link #began()}. */
    void ended(String operation, boolean refusedWrite) {
        List<Capacity> counted = CURRENT.get();
        CURRENT.remove();
        double read = 0;
        double write = refusedWrite ? 1 : 0;
        for (Capacity capacity : counted == null ? List.<Capacity>of() : counted) {
            if (capacity.isWrite()) {
                write += capacity.total();
            } else {
                read += capacity.total();
            }
        }
        synchronized (this) {
            requests.merge(operation, 1L, Long::sum);
            readUnits += read;
            writeUnits += write;
        }
    }

    public synchronized Reading reading() {
        return new Reading(requests, readUnits, writeUnits);
    }

    public synchronized void reset() {
        requests.clear();
        readUnits = 0;
        writeUnits = 0;
    }
}
