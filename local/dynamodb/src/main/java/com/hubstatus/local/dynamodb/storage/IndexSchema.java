package com.hubstatus.local.dynamodb.storage;

import com.hubstatus.local.dynamodb.value.Value;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A secondary index: global or local, its keys, and what it projects (ALL, KEYS_ONLY, or INCLUDE
 * with its non-key attributes).
 */
public record IndexSchema(String name, boolean global, KeySchema keys, String projectionType,
                          List<String> nonKeyAttributes, long readCapacity, long writeCapacity) {

    public IndexSchema {
        nonKeyAttributes = nonKeyAttributes == null ? List.of() : List.copyOf(nonKeyAttributes);
    }

    public boolean projectsAll() {
        return "ALL".equals(projectionType);
    }

    /** True when the item has the index's key attributes, so it has an entry in this (possibly sparse) index. */
    public boolean indexes(Map<String, Value> item) {
        return keys.covers(item);
    }

    /** The entry's key: the index key, then the table key, so entries with equal index keys stay distinct. */
    public byte[] entryKey(Map<String, Value> item, KeySchema tableKeys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        keys.write(out, item);
        tableKeys.write(out, item);
        return out.toByteArray();
    }

    /** What the index holds of the item: everything, or the table and index keys plus the included attributes. */
    public Map<String, Value> project(Map<String, Value> item, KeySchema tableKeys) {
        if (projectsAll()) {
            return item;
        }
        Map<String, Value> projected = new LinkedHashMap<>();
        for (Map.Entry<String, Value> attribute : item.entrySet()) {
            String name = attribute.getKey();
            if (tableKeys.names().contains(name) || keys.names().contains(name) || nonKeyAttributes.contains(name)) {
                projected.put(name, attribute.getValue());
            }
        }
        return projected;
    }

    /** True when the index holds this attribute of its items. */
    public boolean projects(String attribute, KeySchema tableKeys) {
        return projectsAll() || tableKeys.names().contains(attribute) || keys.names().contains(attribute)
                || nonKeyAttributes.contains(attribute);
    }
}
