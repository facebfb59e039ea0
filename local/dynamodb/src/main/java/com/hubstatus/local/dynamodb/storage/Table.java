package com.hubstatus.local.dynamodb.storage;

import com.hubstatus.local.dynamodb.value.ItemSize;
import com.hubstatus.local.dynamodb.value.Value;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One table's data: its items in key order, one sorted map per secondary index holding only the
 * items that have that index's keys (so a sparse index is small), and, while TTL is on, the items'
 * expiry times in order. Writes go through {@link #put} and {@link #delete}, which keep them all in
 * step; the caller serialises writes.
 */
public final class Table {

    private volatile TableSchema schema;
    private final MVMap<byte[], Map<String, Value>> items;
    private final Map<String, MVMap<byte[], Map<String, Value>>> indexes;
    private final MVMap<byte[], byte[]> expiries;
    private volatile long sizeBytes;
    /** Each secondary index's size: its entries (keys and projected attributes), as {@link ItemSize} counts them. */
    private final Map<String, Long> indexSizes = new ConcurrentHashMap<>();

    Table(TableSchema schema, MVMap<byte[], Map<String, Value>> items,
          Map<String, MVMap<byte[], Map<String, Value>>> indexes, MVMap<byte[], byte[]> expiries) {
        this.schema = schema;
        this.items = items;
        this.indexes = indexes;
        this.expiries = expiries;
        this.sizeBytes = sizeOf(items);
        indexes.forEach((name, entries) -> indexSizes.put(name, sizeOf(entries)));
    }

    /** The size of a map's entries, as {@link ItemSize} counts them, read once when the table is opened. */
    private static long sizeOf(MVMap<byte[], Map<String, Value>> entries) {
        long size = 0;
        for (Cursor<byte[], Map<String, Value>> cursor = entries.cursor(null); cursor.hasNext(); ) {
            cursor.next();
            size += ItemSize.of(cursor.getValue());
        }
        return size;
    }

    public TableSchema schema() {
        return schema;
    }

    void schema(TableSchema changed) {
        TableSchema before = schema;
        schema = changed;
        if (changed.ttlAttribute() == null) {
            expiries.clear();
        } else if (!changed.ttlAttribute().equals(before.ttlAttribute())) {
            expiries.clear();
            for (Cursor<byte[], Map<String, Value>> cursor = items.cursor(null); cursor.hasNext(); ) {
                byte[] key = cursor.next();
                addExpiry(key, cursor.getValue());
            }
        }
    }

    public MVMap<byte[], Map<String, Value>> items() {
        return items;
    }

    public MVMap<byte[], Map<String, Value>> index(String name) {
        return indexes.get(name);
    }

    public long itemCount() {
        return items.sizeAsLong();
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public long indexItemCount(String name) {
        return indexes.get(name).sizeAsLong();
    }

    public long indexSizeBytes(String name) {
        return indexSizes.getOrDefault(name, 0L);
    }

    public Map<String, Value> get(Map<String, Value> key) {
        return items.get(schema.keys().encode(key));
    }

    /** Stores the item in place of any with its key; returns the one it replaced, or null. */
    public Map<String, Value> put(Map<String, Value> item) {
        byte[] key = schema.keys().encode(item);
        Map<String, Value> stored = Collections.unmodifiableMap(new LinkedHashMap<>(item));
        Map<String, Value> old = items.put(key, stored);
        reindex(key, old, stored);
        sizeBytes += ItemSize.of(stored) - (old == null ? 0 : ItemSize.of(old));
        return old;
    }

    /** Removes the item with this key; returns it, or null when there was none. */
    public Map<String, Value> delete(Map<String, Value> key) {
        byte[] encoded = schema.keys().encode(key);
        Map<String, Value> old = items.remove(encoded);
        if (old != null) {
            reindex(encoded, old, null);
            sizeBytes -= ItemSize.of(old);
        }
        return old;
    }

    private void reindex(byte[] key, Map<String, Value> old, Map<String, Value> now) {
        TableSchema current = schema;
        for (IndexSchema index : current.indexes()) {
            MVMap<byte[], Map<String, Value>> entries = indexes.get(index.name());
            long change = 0;
            if (old != null && index.indexes(old)) {
                Map<String, Value> removed = entries.remove(index.entryKey(old, current.keys()));
                change -= removed == null ? 0 : ItemSize.of(removed);
            }
            if (now != null && index.indexes(now)) {
                Map<String, Value> entry = index.project(now, current.keys());
                Map<String, Value> replaced = entries.put(index.entryKey(now, current.keys()), entry);
                change += ItemSize.of(entry) - (replaced == null ? 0 : ItemSize.of(replaced));
            }
            if (change != 0) {
                indexSizes.merge(index.name(), change, Long::sum);
            }
        }
        if (current.ttlAttribute() != null) {
            if (old != null) {
                byte[] expiry = expiryKey(key, old);
                if (expiry != null) {
                    expiries.remove(expiry);
                }
            }
            if (now != null) {
                addExpiry(key, now);
            }
        }
    }

    private void addExpiry(byte[] key, Map<String, Value> item) {
        byte[] expiry = expiryKey(key, item);
        if (expiry != null) {
            expiries.put(expiry, key);
        }
    }

    private byte[] expiryKey(byte[] key, Map<String, Value> item) {
        String attribute = schema.ttlAttribute();
        if (attribute == null || !(item.get(attribute) instanceof Value.N expiry)) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        KeyEncoding.write(out, expiry);
        out.writeBytes(key);
        return out.toByteArray();
    }

    /**
     * The keys of items whose expiry time (epoch seconds) is before {@code now} but not before
     * {@code oldest}: DynamoDB leaves alone items whose time is more than five years past.
     */
    public List<Map<String, Value>> expiredKeys(long oldest, long now) {
        List<Map<String, Value>> expired = new ArrayList<>();
        byte[] from = KeyEncoding.encode(new Value.N(BigDecimal.valueOf(oldest)));
        byte[] until = KeyEncoding.encode(new Value.N(BigDecimal.valueOf(now)));
        for (Cursor<byte[], byte[]> cursor = expiries.cursor(from); cursor.hasNext(); ) {
            byte[] expiryKey = cursor.next();
            // Number encodings are prefix-free, so this compares the expiry time with now.
            if (Arrays.compareUnsigned(expiryKey, until) >= 0) {
                break;
            }
            Map<String, Value> item = items.get(cursor.getValue());
            if (item != null) {
                expired.add(schema.keys().extract(item));
            }
        }
        return expired;
    }
}
