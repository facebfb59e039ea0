package com.hubstatus.local.dynamodb.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table's definition as CreateTable gave it, with what the engine adds: the name of its storage
 * maps, its id, when it was created, and its time-to-live attribute (null while TTL is disabled).
 */
public record TableSchema(String name, String storageId, String tableId, KeySchema keys,
                          Map<String, String> attributeDefinitions, List<IndexSchema> indexes,
                          String billingMode, long readCapacity, long writeCapacity, long createdAtMillis,
                          String ttlAttribute) {

    public TableSchema {
        attributeDefinitions = Map.copyOf(attributeDefinitions);
        indexes = List.copyOf(indexes);
    }

    public Optional<IndexSchema> index(String indexName) {
        return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst();
    }

    public TableSchema withTtlAttribute(String attribute) {
        return new TableSchema(name, storageId, tableId, keys, attributeDefinitions, indexes, billingMode,
                readCapacity, writeCapacity, createdAtMillis, attribute);
    }
}
