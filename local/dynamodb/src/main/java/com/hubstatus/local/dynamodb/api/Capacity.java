package com.hubstatus.local.dynamodb.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.local.dynamodb.storage.IndexSchema;
import com.hubstatus.local.dynamodb.storage.TableSchema;
import com.hubstatus.local.dynamodb.value.ItemSize;
import com.hubstatus.local.dynamodb.value.Value;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The capacity units one request consumed on one table and its indexes, counted as the developer
 * guide counts them: a read unit per 4 KB read (half when eventually consistent), a write unit per
 * 1 KB written, at least one unit per item, and twice as many inside a transaction.
 */
final class Capacity {

    static final Set<String> MODES = Set.of("NONE", "TOTAL", "INDEXES");
    private static final int READ_UNIT = 4096;
    private static final int WRITE_UNIT = 1024;

    private final String table;
    private final boolean write;
    private double tableUnits;
    private final Map<String, Double> globalIndexes = new LinkedHashMap<>();
    private final Map<String, Double> localIndexes = new LinkedHashMap<>();

    private Capacity(String table, boolean write) {
        this.table = table;
        this.write = write;
        Meter.counted(this);
    }

    boolean isWrite() {
        return write;
    }

    static Capacity read(String table) {
        return new Capacity(table, false);
    }

    static Capacity write(String table) {
        return new Capacity(table, true);
    }

    /** Read units for {@code bytes} read at once (a GetItem's item, a Query page's items). */
    static double readUnits(long bytes, boolean consistent) {
        double units = Math.max(1, (bytes + READ_UNIT - 1) / READ_UNIT);
        return consistent ? units : units / 2;
    }

    /** Write units for an item of {@code bytes} (at least one). */
    static double writeUnits(long bytes) {
        return Math.max(1, (bytes + WRITE_UNIT - 1) / WRITE_UNIT);
    }

    void addTable(double units) {
        tableUnits += units;
    }

    void addIndex(IndexSchema index, double units) {
        (index.global() ? globalIndexes : localIndexes).merge(index.name(), units, Double::sum);
    }

    /**
     * Counts a write of {@code before} replaced by {@code after} (either null when absent): on the
     * table, the larger of the two; on each index, a put or delete of its entry, both when the
     * entry's key changed, nothing when the entry is unchanged.
     */
    void addWrite(TableSchema schema, Map<String, Value> before, Map<String, Value> after, double factor) {
        int size = Math.max(before == null ? 0 : ItemSize.of(before), after == null ? 0 : ItemSize.of(after));
        addTable(writeUnits(size) * factor);
        for (IndexSchema index : schema.indexes()) {
            Map<String, Value> old = before != null && index.indexes(before) ? index.project(before, schema.keys()) : null;
            Map<String, Value> now = after != null && index.indexes(after) ? index.project(after, schema.keys()) : null;
            double units;
            if (old == null && now == null || Objects.equals(old, now)) {
                continue;
            } else if (old == null) {
                units = writeUnits(ItemSize.of(now));
            } else if (now == null) {
                units = writeUnits(ItemSize.of(old));
            } else if (!index.keys().extract(old).equals(index.keys().extract(now))) {
                units = writeUnits(ItemSize.of(old)) + writeUnits(ItemSize.of(now));
            } else {
                units = writeUnits(Math.max(ItemSize.of(old), ItemSize.of(now)));
            }
            addIndex(index, units * factor);
        }
    }

    double total() {
        return tableUnits + globalIndexes.values().stream().mapToDouble(Double::doubleValue).sum()
                + localIndexes.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The ConsumedCapacity structure for {@code mode}, or null for NONE. */
    ObjectNode toJson(String mode) {
        if (mode == null || mode.equals("NONE")) {
            return null;
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("TableName", table);
        node.put("CapacityUnits", total());
        node.put(write ? "WriteCapacityUnits" : "ReadCapacityUnits", total());
        if (mode.equals("INDEXES")) {
            node.set("Table", units(tableUnits));
            if (!globalIndexes.isEmpty()) {
                ObjectNode indexes = node.putObject("GlobalSecondaryIndexes");
                globalIndexes.forEach((name, units) -> indexes.set(name, units(units)));
            }
            if (!localIndexes.isEmpty()) {
                ObjectNode indexes = node.putObject("LocalSecondaryIndexes");
                localIndexes.forEach((name, units) -> indexes.set(name, units(units)));
            }
        }
        return node;
    }

    private ObjectNode units(double units) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("CapacityUnits", units);
        node.put(write ? "WriteCapacityUnits" : "ReadCapacityUnits", units);
        return node;
    }

    /** Capacity per table, in the order the tables were first met, for the batch and transaction answers. */
    static final class PerTable {
        private final Map<String, Capacity> tables = new LinkedHashMap<>();
        private final boolean write;

        PerTable(boolean write) {
            this.write = write;
        }

        Capacity of(String table) {
            return tables.computeIfAbsent(table, t -> write ? Capacity.write(t) : Capacity.read(t));
        }

        ArrayNode toJson(String mode) {
            if (mode == null || mode.equals("NONE")) {
                return null;
            }
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            tables.values().forEach(c -> array.add(c.toJson(mode)));
            return array;
        }
    }
}
