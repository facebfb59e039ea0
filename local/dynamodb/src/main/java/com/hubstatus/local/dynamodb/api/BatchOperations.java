package com.hubstatus.local.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.local.dynamodb.expression.Documents;
import com.hubstatus.local.dynamodb.expression.ExpressionAttributes;
import com.hubstatus.local.dynamodb.expression.Path;
import com.hubstatus.local.dynamodb.storage.Table;
import com.hubstatus.local.dynamodb.storage.TableSchema;
import com.hubstatus.local.dynamodb.value.ItemSize;
import com.hubstatus.local.dynamodb.value.Value;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** BatchGetItem (up to 100 keys) and BatchWriteItem (up to 25 puts and deletes). Everything is processed: nothing is left unprocessed. */
final class BatchOperations {

    static final int MAX_GET_KEYS = 100;
    static final int MAX_WRITES = 25;

    private final DynamoDbService service;

    BatchOperations(DynamoDbService service) {
        this.service = service;
    }

    /** The RequestItems map of a batch: one table at least. */
    private static Map<String, JsonNode> requestItems(Request request) {
        Map<String, JsonNode> requested = request.map("RequestItems");
        if (requested.isEmpty()) {
            throw ApiException.validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1");
        }
        return requested;
    }

    ObjectNode batchGetItem(Request request) {
        Map<String, JsonNode> requested = requestItems(request);
        String mode = request.choice("ReturnConsumedCapacity", Capacity.MODES, "NONE");
        record TableRead(Table table, List<Map<String, Value>> keys, List<Path> projection, boolean consistent) {
        }
        List<TableRead> reads = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, JsonNode> entry : requested.entrySet()) {
            Request.checkName(entry.getKey(), "RequestItems");
            Request keysAndAttributes = new Request(entry.getValue(), "RequestItems");
            ItemOperations.refuseLegacy(keysAndAttributes);
            List<Request> keyNodes = keysAndAttributes.objects("Keys");
            total += keyNodes.size();
            if (total > MAX_GET_KEYS) {
                throw ApiException.validation("Too many items requested for the BatchGetItem call");
            }
            if (keyNodes.isEmpty()) {
                throw ApiException.validation("1 validation error detected: Value '[]' at 'requestItems." + entry.getKey()
                        + ".member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1");
            }
            Table table = service.table(entry.getKey());
            TableSchema schema = table.schema();
            List<Map<String, Value>> keys = new ArrayList<>();
            Set<ByteBuffer> seen = new HashSet<>();
            for (Request keyNode : keyNodes) {
                Map<String, Value> key = ItemRules.checkKey(AttributeJson.item(keyNode.json(), "Keys"), schema.keys());
                if (!seen.add(ByteBuffer.wrap(schema.keys().encode(key)))) {
                    throw ApiException.validation("Provided list of item keys contains duplicates");
                }
                keys.add(key);
            }
            ExpressionAttributes attributes = keysAndAttributes.expressionAttributes();
            List<Path> projection = ItemOperations.projection(keysAndAttributes, attributes);
            attributes.checkAllUsed(projection != null);
            reads.add(new TableRead(table, keys, projection, keysAndAttributes.bool("ConsistentRead", false)));
        }

        ObjectNode response = JsonNodeFactory.instance.objectNode();
        ObjectNode responses = response.putObject("Responses");
        Capacity.PerTable capacity = new Capacity.PerTable(false);
        for (TableRead read : reads) {
            String name = read.table().schema().name();
            ArrayNode items = responses.putArray(name);
            for (Map<String, Value> key : read.keys()) {
                Map<String, Value> item = read.table().get(key);
                capacity.of(name).addTable(Capacity.readUnits(item == null ? 0 : ItemSize.of(item), read.consistent()));
                if (item != null) {
                    items.add(AttributeJson.toJson(read.projection() == null ? item : Documents.project(item, read.projection())));
                }
            }
        }
        response.putObject("UnprocessedKeys");
        ArrayNode consumed = capacity.toJson(mode);
        if (consumed != null) {
            response.set("ConsumedCapacity", consumed);
        }
        return response;
    }

    ObjectNode batchWriteItem(Request request) {
        Map<String, JsonNode> requested = requestItems(request);
        String mode = request.choice("ReturnConsumedCapacity", Capacity.MODES, "NONE");
        record Write(Table table, Map<String, Value> item, Map<String, Value> deleteKey) {
        }
        List<Write> writes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : requested.entrySet()) {
            Request.checkName(entry.getKey(), "RequestItems");
            JsonNode list = entry.getValue();
            if (!list.isArray()) {
                throw ApiException.serialization("Unexpected value type in payload for RequestItems: expected a list");
            }
            if (list.isEmpty()) {
                throw ApiException.validation("1 validation error detected: Value '[]' at 'requestItems' failed to satisfy constraint: "
                        + "Map value must satisfy constraint: [Member must have length greater than or equal to 1]");
            }
            if (writes.size() + list.size() > MAX_WRITES) {
                throw ApiException.validation("Too many items requested for the BatchWriteItem call");
            }
            Table table = service.table(entry.getKey());
            TableSchema schema = table.schema();
            Set<ByteBuffer> seen = new HashSet<>();
            for (JsonNode element : list) {
                Request writeRequest = new Request(element, "RequestItems");
                Request put = writeRequest.object("PutRequest");
                Request delete = writeRequest.object("DeleteRequest");
                if ((put == null) == (delete == null)) {
                    throw ApiException.validation("A write request must hold exactly one of PutRequest and DeleteRequest");
                }
                Map<String, Value> key;
                Write write;
                if (put != null) {
                    Map<String, Value> item = put.requireItem("Item");
                    ItemRules.checkItem(item, schema, false);
                    key = schema.keys().extract(item);
                    write = new Write(table, item, null);
                } else {
                    key = ItemRules.checkKey(delete.requireItem("Key"), schema.keys());
                    write = new Write(table, null, key);
                }
                if (!seen.add(ByteBuffer.wrap(schema.keys().encode(key)))) {
                    throw ApiException.validation("Provided list of item keys contains duplicates");
                }
                writes.add(write);
            }
        }

        Capacity.PerTable capacity = new Capacity.PerTable(true);
        service.writing(() -> {
            for (Write write : writes) {
                TableSchema schema = write.table().schema();
                if (write.item() != null) {
                    Map<String, Value> before = write.table().put(write.item());
                    capacity.of(schema.name()).addWrite(schema, before, write.item(), 1);
                } else {
                    Map<String, Value> before = write.table().delete(write.deleteKey());
                    capacity.of(schema.name()).addWrite(schema, before, null, 1);
                }
            }
            return null;
        });
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.putObject("UnprocessedItems");
        ArrayNode consumed = capacity.toJson(mode);
        if (consumed != null) {
            response.set("ConsumedCapacity", consumed);
        }
        return response;
    }
}
