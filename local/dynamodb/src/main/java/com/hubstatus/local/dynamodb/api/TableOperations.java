package com.hubstatus.local.dynamodb.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.local.dynamodb.storage.IndexSchema;
import com.hubstatus.local.dynamodb.storage.KeySchema;
import com.hubstatus.local.dynamodb.storage.Table;
import com.hubstatus.local.dynamodb.storage.TableSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * CreateTable, DescribeTable, DeleteTable, ListTables, UpdateTimeToLive and DescribeTimeToLive.
 * Tables (and their indexes, and time to live) are ACTIVE as soon as they are created.
 */
final class TableOperations {

    static final int MAX_LOCAL_INDEXES = 5;
    static final int MAX_GLOBAL_INDEXES = 20;
    static final String ACCOUNT = "000000000000";
    private static final Set<String> KEY_TYPES = Set.of("S", "N", "B");
    private static final Set<String> PROJECTIONS = Set.of("ALL", "KEYS_ONLY", "INCLUDE");
    private static final Set<String> BILLING_MODES = Set.of("PROVISIONED", "PAY_PER_REQUEST");

    private final DynamoDbService service;

    TableOperations(DynamoDbService service) {
        this.service = service;
    }

    ObjectNode createTable(Request request, String region) {
        String name = request.tableName();
        Map<String, String> definitions = new LinkedHashMap<>();
        for (Request definition : request.objects("AttributeDefinitions")) {
            String attribute = definition.requireString("AttributeName");
            String type = definition.choice("AttributeType", KEY_TYPES, null);
            if (type == null) {
                throw definition.missing("AttributeType");
            }
            if (definitions.put(attribute, type) != null) {
                throw ApiException.invalidParameter("Duplicate AttributeName in AttributeDefinitions: " + attribute);
            }
        }
        if (definitions.isEmpty()) {
            throw request.missing("AttributeDefinitions");
        }
        KeySchema keys = keySchema(request, "KeySchema", definitions);
        String billingMode = request.choice("BillingMode", BILLING_MODES, "PROVISIONED");
        long[] throughput = throughput(request, billingMode, null);

        List<IndexSchema> indexes = new ArrayList<>();
        for (IndexSchema index : indexes(request, false, definitions, billingMode)) {
            if (keys.range() == null) {
                throw ApiException.invalidParameter("Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
            }
            if (!index.keys().hash().name().equals(keys.hash().name())) {
                throw ApiException.invalidParameter("Index KeySchema does not have the same leading hash key as table KeySchema for index: "
                        + index.name() + ". index hash key: " + index.keys().hash().name() + ", table hash key: " + keys.hash().name());
            }
            if (index.keys().range() == null) {
                throw ApiException.invalidParameter("Index KeySchema for a local secondary index must have a range key: " + index.name());
            }
            indexes.add(index);
        }
        indexes.addAll(indexes(request, true, definitions, billingMode));
        Set<String> used = new LinkedHashSet<>(keys.names());
        Set<String> indexNames = new TreeSet<>();
        for (IndexSchema index : indexes) {
            if (!indexNames.add(index.name())) {
                throw ApiException.invalidParameter("Duplicate index name: " + index.name());
            }
            used.addAll(index.keys().names());
        }
        if (!used.containsAll(definitions.keySet())) {
            throw ApiException.invalidParameter("Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }

        TableSchema schema = new TableSchema(name, UUID.randomUUID().toString(), UUID.randomUUID().toString(), keys,
                definitions, indexes, billingMode, throughput[0], throughput[1], service.clock().millis(), null);
        Table table = service.writing(() -> {
            if (service.storage().table(name) != null) {
                throw new ApiException(ApiException.ErrorType.RESOURCE_IN_USE, "Table already exists: " + name);
            }
            return service.storage().create(schema);
        });
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set("TableDescription", describe(table, region, "ACTIVE"));
        return response;
    }

    /** The request's LocalSecondaryIndexes or GlobalSecondaryIndexes: present means one at least, and no more than the limit. */
    private static List<IndexSchema> indexes(Request request, boolean global, Map<String, String> definitions, String billingMode) {
        String field = global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes";
        List<Request> declared = request.objects(field);
        if (request.has(field) && declared.isEmpty()) {
            throw ApiException.invalidParameter("List of " + field + " is empty");
        }
        int limit = global ? MAX_GLOBAL_INDEXES : MAX_LOCAL_INDEXES;
        if (declared.size() > limit) {
            throw ApiException.invalidParameter("Too many " + field + ": the limit is " + limit);
        }
        List<IndexSchema> indexes = new ArrayList<>();
        for (Request index : declared) {
            indexes.add(index(index, global, definitions, billingMode));
        }
        return indexes;
    }

    private static IndexSchema index(Request request, boolean global, Map<String, String> definitions, String billingMode) {
        String name = request.requireString("IndexName");
        Request.checkName(name, "IndexName");
        KeySchema keys = keySchema(request, "KeySchema", definitions);
        Request projection = request.requireObject("Projection");
        String type = projection.choice("ProjectionType", PROJECTIONS, null);
        if (type == null) {
            throw ApiException.invalidParameter("Unknown ProjectionType: null");
        }
        List<String> nonKey = projection.strings("NonKeyAttributes");
        if (!type.equals("INCLUDE") && projection.has("NonKeyAttributes")) {
            throw ApiException.invalidParameter("ProjectionType is " + type + ", but NonKeyAttributes is specified");
        }
        if (type.equals("INCLUDE") && nonKey.isEmpty()) {
            throw ApiException.invalidParameter("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
        }
        long[] throughput = global ? throughput(request, billingMode, name) : new long[] {0, 0};
        return new IndexSchema(name, global, keys, type, nonKey, throughput[0], throughput[1]);
    }

    private static KeySchema keySchema(Request request, String field, Map<String, String> definitions) {
        List<Request> elements = request.objects(field);
        if (elements.isEmpty()) {
            throw request.missing(field);
        }
        if (elements.size() > 2) {
            throw ApiException.validation("1 validation error detected: Value at '" + Request.memberName(field)
                    + "' failed to satisfy constraint: Member must have length less than or equal to 2");
        }
        List<KeySchema.Attribute> attributes = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (Request element : elements) {
            String attribute = element.requireString("AttributeName");
            String keyType = element.choice("KeyType", Set.of("HASH", "RANGE"), null);
            if (keyType == null) {
                throw element.missing("KeyType");
            }
            String type = definitions.get(attribute);
            if (type == null) {
                throw ApiException.invalidParameter("Some index key attributes are not defined in AttributeDefinitions. Keys: ["
                        + attribute + "], AttributeDefinitions: " + definitions.keySet());
            }
            attributes.add(new KeySchema.Attribute(attribute, type));
            types.add(keyType);
        }
        if (!types.getFirst().equals("HASH")) {
            throw ApiException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (types.size() == 2 && !types.get(1).equals("RANGE")) {
            throw ApiException.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }
        if (attributes.size() == 2 && attributes.get(0).name().equals(attributes.get(1).name())) {
            throw ApiException.invalidParameter("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        return new KeySchema(attributes.getFirst(), attributes.size() == 2 ? attributes.get(1) : null);
    }

    private static long[] throughput(Request request, String billingMode, String index) {
        Request provisioned = request.object("ProvisionedThroughput");
        if (billingMode.equals("PAY_PER_REQUEST")) {
            if (provisioned != null) {
                throw ApiException.invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }
            return new long[] {0, 0};
        }
        if (provisioned == null) {
            throw index == null
                    ? ApiException.validation("No provisioned throughput specified for the table")
                    : ApiException.invalidParameter("ProvisionedThroughput must be specified for index: " + index);
        }
        Long read = provisioned.longValue("ReadCapacityUnits");
        Long write = provisioned.longValue("WriteCapacityUnits");
        if (read == null || write == null) {
            throw ApiException.invalidParameter("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        if (read < 1 || write < 1) {
            throw ApiException.validation("1 validation error detected: Value '" + Math.min(read, write)
                    + "' at 'provisionedThroughput' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        return new long[] {read, write};
    }

    ObjectNode describeTable(Request request, String region) {
        Table table = service.table(request.tableName());
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set("Table", describe(table, region, "ACTIVE"));
        return response;
    }

    ObjectNode deleteTable(Request request, String region) {
        String name = request.tableName();
        Table table = service.writing(() -> {
            Table existing = service.table(name);
            service.storage().drop(name);
            return existing;
        });
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set("TableDescription", describe(table, region, "DELETING"));
        return response;
    }

    ObjectNode listTables(Request request) {
        Integer limit = request.integer("Limit");
        if (limit != null && (limit < 1 || limit > 100)) {
            throw ApiException.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value " + (limit < 1 ? "greater than or equal to 1" : "less than or equal to 100"));
        }
        String start = request.string("ExclusiveStartTableName");
        int max = limit == null ? 100 : limit;
        List<String> names = service.storage().tableNames().stream()
                .filter(n -> start == null || n.compareTo(start) > 0).toList();
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        ArrayNode array = response.putArray("TableNames");
        names.stream().limit(max).forEach(array::add);
        if (names.size() > max) {
            response.put("LastEvaluatedTableName", names.get(max - 1));
        }
        return response;
    }

    ObjectNode updateTimeToLive(Request request) {
        String name = request.tableName();
        Request specification = request.requireObject("TimeToLiveSpecification");
        String attribute = specification.requireString("AttributeName");
        if (attribute.isEmpty() || attribute.length() > 255) {
            throw ApiException.validation("1 validation error detected: Value '" + attribute
                    + "' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length between 1 and 255");
        }
        if (!specification.has("Enabled")) {
            throw specification.missing("Enabled");
        }
        boolean enabled = specification.bool("Enabled", false);
        service.writing(() -> {
            Table table = service.table(name);
            String current = table.schema().ttlAttribute();
            if (enabled && current != null) {
                throw ApiException.validation("TimeToLive is already enabled");
            }
            if (!enabled && current == null) {
                throw ApiException.validation("TimeToLive is already disabled");
            }
            if (!enabled && !current.equals(attribute)) {
                throw ApiException.validation("TimeToLive is active on a different AttributeName: current AttributeName is " + current);
            }
            service.storage().update(table, table.schema().withTtlAttribute(enabled ? attribute : null));
            return null;
        });
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        ObjectNode echo = response.putObject("TimeToLiveSpecification");
        echo.put("AttributeName", attribute);
        echo.put("Enabled", enabled);
        return response;
    }

    ObjectNode describeTimeToLive(Request request) {
        Table table = service.table(request.tableName());
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        ObjectNode description = response.putObject("TimeToLiveDescription");
        String attribute = table.schema().ttlAttribute();
        if (attribute == null) {
            description.put("TimeToLiveStatus", "DISABLED");
        } else {
            description.put("TimeToLiveStatus", "ENABLED");
            description.put("AttributeName", attribute);
        }
        return response;
    }

    private ObjectNode describe(Table table, String region, String status) {
        TableSchema schema = table.schema();
        String arn = "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + schema.name();
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("TableName", schema.name());
        node.put("TableArn", arn);
        node.put("TableId", schema.tableId());
        node.put("TableStatus", status);
        node.put("CreationDateTime", schema.createdAtMillis() / 1000.0);
        node.set("KeySchema", keySchemaJson(schema.keys()));
        ArrayNode definitions = node.putArray("AttributeDefinitions");
        new TreeSet<>(schema.attributeDefinitions().keySet()).forEach(name -> definitions.addObject()
                .put("AttributeName", name).put("AttributeType", schema.attributeDefinitions().get(name)));
        node.set("ProvisionedThroughput", throughputJson(schema.readCapacity(), schema.writeCapacity()));
        if (schema.billingMode().equals("PAY_PER_REQUEST")) {
            node.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST")
                    .put("LastUpdateToPayPerRequestDateTime", schema.createdAtMillis() / 1000.0);
        }
        node.put("ItemCount", table.itemCount());
        node.put("TableSizeBytes", table.sizeBytes());
        ArrayNode globals = JsonNodeFactory.instance.arrayNode();
        ArrayNode locals = JsonNodeFactory.instance.arrayNode();
        for (IndexSchema index : schema.indexes()) {
            ObjectNode description = (index.global() ? globals : locals).addObject();
            description.put("IndexName", index.name());
            description.set("KeySchema", keySchemaJson(index.keys()));
            ObjectNode projection = description.putObject("Projection").put("ProjectionType", index.projectionType());
            if (!index.nonKeyAttributes().isEmpty()) {
                ArrayNode nonKey = projection.putArray("NonKeyAttributes");
                index.nonKeyAttributes().forEach(nonKey::add);
            }
            if (index.global()) {
                description.put("IndexStatus", "ACTIVE");
                description.set("ProvisionedThroughput", throughputJson(index.readCapacity(), index.writeCapacity()));
            }
            description.put("IndexSizeBytes", table.indexSizeBytes(index.name()));
            description.put("ItemCount", table.indexItemCount(index.name()));
            description.put("IndexArn", arn + "/index/" + index.name());
        }
        if (!globals.isEmpty()) {
            node.set("GlobalSecondaryIndexes", globals);
        }
        if (!locals.isEmpty()) {
            node.set("LocalSecondaryIndexes", locals);
        }
        node.put("DeletionProtectionEnabled", false);
        return node;
    }

    private static ArrayNode keySchemaJson(KeySchema keys) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        array.addObject().put("AttributeName", keys.hash().name()).put("KeyType", "HASH");
        if (keys.range() != null) {
            array.addObject().put("AttributeName", keys.range().name()).put("KeyType", "RANGE");
        }
        return array;
    }

    private static ObjectNode throughputJson(long read, long write) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("NumberOfDecreasesToday", 0);
        node.put("ReadCapacityUnits", read);
        node.put("WriteCapacityUnits", write);
        return node;
    }
}
