package com.hubstatus.local.dynamodb.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.local.dynamodb.json.JsonText;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A table schema as the JSON the catalog keeps. */
final class SchemaJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SchemaJson() {
    }

    static String write(TableSchema schema) {
        ObjectNode node = NODES.objectNode();
        node.put("name", schema.name());
        node.put("storageId", schema.storageId());
        node.put("tableId", schema.tableId());
        node.set("keys", keys(schema.keys()));
        ObjectNode definitions = node.putObject("attributeDefinitions");
        schema.attributeDefinitions().forEach(definitions::put);
        ArrayNode indexes = node.putArray("indexes");
        for (IndexSchema index : schema.indexes()) {
            ObjectNode entry = indexes.addObject();
            entry.put("name", index.name());
            entry.put("global", index.global());
            entry.set("keys", keys(index.keys()));
            entry.put("projectionType", index.projectionType());
            ArrayNode nonKey = entry.putArray("nonKeyAttributes");
            index.nonKeyAttributes().forEach(nonKey::add);
            entry.put("readCapacity", index.readCapacity());
            entry.put("writeCapacity", index.writeCapacity());
        }
        node.put("billingMode", schema.billingMode());
        node.put("readCapacity", schema.readCapacity());
        node.put("writeCapacity", schema.writeCapacity());
        node.put("createdAtMillis", schema.createdAtMillis());
        if (schema.ttlAttribute() != null) {
            node.put("ttlAttribute", schema.ttlAttribute());
        }
        return JsonText.toString(node);
    }

    static TableSchema read(String json) {
        JsonNode node = JsonText.parse(json);
        Map<String, String> definitions = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.get("attributeDefinitions").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            definitions.put(entry.getKey(), entry.getValue().asText());
        }
        List<IndexSchema> indexes = new ArrayList<>();
        for (JsonNode entry : node.get("indexes")) {
            List<String> nonKey = new ArrayList<>();
            entry.get("nonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
            indexes.add(new IndexSchema(entry.get("name").asText(), entry.get("global").asBoolean(), keys(entry.get("keys")),
                    entry.get("projectionType").asText(), nonKey, entry.get("readCapacity").asLong(), entry.get("writeCapacity").asLong()));
        }
        JsonNode ttl = node.get("ttlAttribute");
        return new TableSchema(node.get("name").asText(), node.get("storageId").asText(), node.get("tableId").asText(),
                keys(node.get("keys")), definitions, indexes, node.get("billingMode").asText(), node.get("readCapacity").asLong(),
                node.get("writeCapacity").asLong(), node.get("createdAtMillis").asLong(), ttl == null ? null : ttl.asText());
    }

    private static ObjectNode keys(KeySchema keys) {
        ObjectNode node = NODES.objectNode();
        node.put("hash", keys.hash().name()).put("hashType", keys.hash().type());
        if (keys.range() != null) {
            node.put("range", keys.range().name()).put("rangeType", keys.range().type());
        }
        return node;
    }

    private static KeySchema keys(JsonNode node) {
        KeySchema.Attribute hash = new KeySchema.Attribute(node.get("hash").asText(), node.get("hashType").asText());
        KeySchema.Attribute range = node.has("range")
                ? new KeySchema.Attribute(node.get("range").asText(), node.get("rangeType").asText()) : null;
        return new KeySchema(hash, range);
    }
}
