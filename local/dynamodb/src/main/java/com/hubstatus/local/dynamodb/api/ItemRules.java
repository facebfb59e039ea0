package com.hubstatus.local.dynamodb.api;

import com.hubstatus.local.dynamodb.storage.IndexSchema;
import com.hubstatus.local.dynamodb.storage.KeySchema;
import com.hubstatus.local.dynamodb.storage.TableSchema;
import com.hubstatus.local.dynamodb.value.ItemSize;
import com.hubstatus.local.dynamodb.value.Value;

import java.util.Map;

/** DynamoDB's rules for keys and items, answered with its ValidationException messages. */
final class ItemRules {

    static final int MAX_PARTITION_KEY_BYTES = 2048;
    static final int MAX_SORT_KEY_BYTES = 1024;

    private ItemRules() {
    }

    /** A Key parameter: exactly the table's key attributes, of their types, not empty. */
    static Map<String, Value> checkKey(Map<String, Value> key, KeySchema keys) {
        if (key.size() != keys.names().size()) {
            throw ApiException.validation("The provided key element does not match the schema");
        }
        for (KeySchema.Attribute attribute : keys.attributes()) {
            Value value = key.get(attribute.name());
            if (value == null || !value.type().equals(attribute.type())) {
                throw ApiException.validation("The provided key element does not match the schema");
            }
        }
        checkKeyValues(key, keys);
        return key;
    }

    /** A whole item for the table: its keys present and well typed, its index keys well typed, at most 400 KB. */
    static void checkItem(Map<String, Value> item, TableSchema schema, boolean update) {
        for (KeySchema.Attribute attribute : schema.keys().attributes()) {
            Value value = item.get(attribute.name());
            if (value == null) {
                throw ApiException.invalidParameter("Missing the key " + attribute.name() + " in the item");
            }
            if (!value.type().equals(attribute.type())) {
                throw ApiException.invalidParameter("Type mismatch for key " + attribute.name() + " expected: "
                        + attribute.type() + " actual: " + value.type());
            }
        }
        checkKeyValues(item, schema.keys());
        for (IndexSchema index : schema.indexes()) {
            for (KeySchema.Attribute attribute : index.keys().attributes()) {
                Value value = item.get(attribute.name());
                if (value == null || schema.keys().names().contains(attribute.name())) {
                    continue;
                }
                if (!value.type().equals(attribute.type())) {
                    throw ApiException.invalidParameter("Type mismatch for Index Key " + attribute.name() + " Expected: "
                            + attribute.type() + " Actual: " + value.type() + " IndexName: " + index.name());
                }
                if (isEmpty(value)) {
                    throw ApiException.validation("One or more parameter values are not valid. A value specified for a secondary index key is not supported. "
                            + "The AttributeValue for a key attribute cannot contain an empty " + emptyKind(value)
                            + " value. IndexName: " + index.name() + ", IndexKey: " + attribute.name());
                }
            }
        }
        if (ItemSize.of(item) > ItemSize.MAX_ITEM_BYTES) {
            throw ApiException.validation(update ? "Item size to update has exceeded the maximum allowed size"
                    : "Item size has exceeded the maximum allowed size");
        }
    }

    private static void checkKeyValues(Map<String, Value> item, KeySchema keys) {
        for (KeySchema.Attribute attribute : keys.attributes()) {
            Value value = item.get(attribute.name());
            if (isEmpty(value)) {
                throw ApiException.validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty "
                        + emptyKind(value) + " value. Key: " + attribute.name());
            }
        }
        if (ItemSize.of(item.get(keys.hash().name())) > MAX_PARTITION_KEY_BYTES) {
            throw ApiException.invalidParameter("Size of hashkey has exceeded the maximum size limit of2048 bytes");
        }
        if (keys.range() != null && ItemSize.of(item.get(keys.range().name())) > MAX_SORT_KEY_BYTES) {
            throw ApiException.invalidParameter("Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
        }
    }

    private static boolean isEmpty(Value value) {
        return value instanceof Value.S s && s.value().isEmpty() || value instanceof Value.B b && b.value().length() == 0;
    }

    private static String emptyKind(Value value) {
        return value instanceof Value.B ? "binary" : "string";
    }
}
