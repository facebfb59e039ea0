package com.hubstatus.local.dynamodb.storage;

import com.hubstatus.local.dynamodb.value.Value;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A partition key and an optional sort key, each an attribute name and its type (S, N or B).
 *
 * @param range null when the table or index has only a partition key
 */
public record KeySchema(Attribute hash, Attribute range) {

    public record Attribute(String name, String type) {
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(hash.name());
        if (range != null) {
            names.add(range.name());
        }
        return names;
    }

    public List<Attribute> attributes() {
        return range == null ? List.of(hash) : List.of(hash, range);
    }

    /** True when the item has every key attribute with its declared type. */
    public boolean covers(Map<String, Value> item) {
        for (Attribute attribute : attributes()) {
            Value value = item.get(attribute.name());
            if (value == null || !value.type().equals(attribute.type())) {
                return false;
            }
        }
        return true;
    }

    /** The ordered bytes of the item's key; the item must be {@link #covers covered}. */
    public byte[] encode(Map<String, Value> item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, item);
        return out.toByteArray();
    }

    void write(ByteArrayOutputStream out, Map<String, Value> item) {
        KeyEncoding.write(out, item.get(hash.name()));
        if (range != null) {
            KeyEncoding.write(out, item.get(range.name()));
        }
    }

    /** Only the key attributes of the item. */
    public Map<String, Value> extract(Map<String, Value> item) {
        Map<String, Value> key = new LinkedHashMap<>();
        for (Attribute attribute : attributes()) {
            Value value = item.get(attribute.name());
            if (value != null) {
                key.put(attribute.name(), value);
            }
        }
        return key;
    }
}
