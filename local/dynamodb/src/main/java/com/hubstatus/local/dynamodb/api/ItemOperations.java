package com.hubstatus.local.dynamodb.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.local.dynamodb.expression.Condition;
import com.hubstatus.local.dynamodb.expression.Conditions;
import com.hubstatus.local.dynamodb.expression.Documents;
import com.hubstatus.local.dynamodb.expression.ExpressionAttributes;
import com.hubstatus.local.dynamodb.expression.ExpressionParser;
import com.hubstatus.local.dynamodb.expression.Path;
import com.hubstatus.local.dynamodb.expression.UpdateExpression;
import com.hubstatus.local.dynamodb.expression.Updates;
import com.hubstatus.local.dynamodb.storage.Table;
import com.hubstatus.local.dynamodb.storage.TableSchema;
import com.hubstatus.local.dynamodb.value.ItemSize;
import com.hubstatus.local.dynamodb.value.Value;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** GetItem, PutItem, UpdateItem and DeleteItem. */
final class ItemOperations {

    static final Set<String> RETURN_VALUES = Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
    static final Set<String> ON_CONDITION_FAILURE = Set.of("NONE", "ALL_OLD");
    private static final List<String> LEGACY_PARAMETERS = List.of("AttributesToGet", "Expected", "ConditionalOperator",
            "AttributeUpdates", "KeyConditions", "QueryFilter", "ScanFilter");

    private final DynamoDbService service;

    ItemOperations(DynamoDbService service) {
        this.service = service;
    }

    ObjectNode getItem(Request request) {
        Table table = service.table(request.tableName());
        TableSchema schema = table.schema();
        refuseLegacy(request);
        Map<String, Value> key = ItemRules.checkKey(request.requireItem("Key"), schema.keys());
        ExpressionAttributes attributes = request.expressionAttributes();
        List<Path> projection = projection(request, attributes);
        attributes.checkAllUsed(projection != null);
        boolean consistent = request.bool("ConsistentRead", false);
        String mode = request.choice("ReturnConsumedCapacity", Capacity.MODES, "NONE");

        Map<String, Value> item = table.get(key);
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        if (item != null) {
            response.set("Item", AttributeJson.toJson(projection == null ? item : Documents.project(item, projection)));
        }
        Capacity capacity = Capacity.read(schema.name());
        capacity.addTable(Capacity.readUnits(item == null ? 0 : ItemSize.of(item), consistent));
        putCapacity(response, capacity, mode);
        return response;
    }

    ObjectNode putItem(Request request) {
        Table table = service.table(request.tableName());
        TableSchema schema = table.schema();
        refuseLegacy(request);
        Map<String, Value> item = request.requireItem("Item");
        ItemRules.checkItem(item, schema, false);
        ExpressionAttributes attributes = request.expressionAttributes();
        Condition condition = condition(request, attributes);
        attributes.checkAllUsed(condition != null);
        String returnValues = returnValues(request, Set.of("NONE", "ALL_OLD"));
        String onFailure = request.choice("ReturnValuesOnConditionCheckFailure", ON_CONDITION_FAILURE, "NONE");
        String mode = request.choice("ReturnConsumedCapacity", Capacity.MODES, "NONE");

        Capacity capacity = Capacity.write(schema.name());
        Map<String, Value> old = service.writing(() -> {
            Map<String, Value> before = table.get(item);
            checkCondition(condition, before, onFailure);
            table.put(item);
            capacity.addWrite(schema, before, item, 1);
            return before;
        });
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        if (returnValues.equals("ALL_OLD") && old != null) {
            response.set("Attributes", AttributeJson.toJson(old));
        }
        putCapacity(response, capacity, mode);
        return response;
    }

    ObjectNode updateItem(Request request) {
        Table table = service.table(request.tableName());
        TableSchema schema = table.schema();
        refuseLegacy(request);
        Map<String, Value> key = ItemRules.checkKey(request.requireItem("Key"), schema.keys());
        ExpressionAttributes attributes = request.expressionAttributes();
        UpdateExpression update = update(request, attributes);
        Condition condition = condition(request, attributes);
        attributes.checkAllUsed(update != null || condition != null);
        if (update != null) {
            Updates.checkKeysUntouched(update, schema.keys().names());
        }
        String returnValues = returnValues(request, RETURN_VALUES);
        String onFailure = request.choice("ReturnValuesOnConditionCheckFailure", ON_CONDITION_FAILURE, "NONE");
        String mode = request.choice("ReturnConsumedCapacity", Capacity.MODES, "NONE");

        Capacity capacity = Capacity.write(schema.name());
        Map<String, Value>[] beforeAndAfter = service.writing(() -> {
            Map<String, Value> before = table.get(key);
            checkCondition(condition, before, onFailure);
            Map<String, Value> after = updated(update, before, key, schema);
            table.put(after);
            capacity.addWrite(schema, before, after, 1);
            @SuppressWarnings("unchecked")
            Map<String, Value>[] both = new Map[] {before, after};
            return both;
        });
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        Map<String, Value> attributesReturned = returned(returnValues, update, beforeAndAfter[0], beforeAndAfter[1]);
        if (attributesReturned != null && !attributesReturned.isEmpty()) {
            response.set("Attributes", AttributeJson.toJson(attributesReturned));
        }
        putCapacity(response, capacity, mode);
        return response;
    }

    ObjectNode deleteItem(Request request) {
        Table table = service.table(request.tableName());
        TableSchema schema = table.schema();
        refuseLegacy(request);
        Map<String, Value> key = ItemRules.checkKey(request.requireItem("Key"), schema.keys());
        ExpressionAttributes attributes = request.expressionAttributes();
        Condition condition = condition(request, attributes);
        attributes.checkAllUsed(condition != null);
        String returnValues = returnValues(request, Set.of("NONE", "ALL_OLD"));
        String onFailure = request.choice("ReturnValuesOnConditionCheckFailure", ON_CONDITION_FAILURE, "NONE");
        String mode = request.choice("ReturnConsumedCapacity", Capacity.MODES, "NONE");

        Capacity capacity = Capacity.write(schema.name());
        Map<String, Value> old = service.writing(() -> {
            Map<String, Value> before = table.get(key);
            checkCondition(condition, before, onFailure);
            if (before != null) {
                table.delete(key);
            }
            capacity.addWrite(schema, before, null, 1);
            return before;
        });
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        if (returnValues.equals("ALL_OLD") && old != null) {
            response.set("Attributes", AttributeJson.toJson(old));
        }
        putCapacity(response, capacity, mode);
        return response;
    }

    // ---- shared with batches and transactions ------------------------------------------------------

    /** The item an update leaves: the existing item (or only its key) with the update applied, checked. */
    static Map<String, Value> updated(UpdateExpression update, Map<String, Value> before, Map<String, Value> key,
                                      TableSchema schema) {
        Map<String, Value> base = before != null ? before : new LinkedHashMap<>(key);
        Map<String, Value> after = update == null ? base : Updates.apply(update, base);
        ItemRules.checkItem(after, schema, true);
        return after;
    }

    static void checkCondition(Condition condition, Map<String, Value> item, String onFailure) {
        if (condition != null && !Conditions.test(condition, item == null ? Map.of() : item)) {
            ObjectNode extra = null;
            if ("ALL_OLD".equals(onFailure) && item != null) {
                extra = JsonNodeFactory.instance.objectNode();
                extra.set("Item", AttributeJson.toJson(item));
            }
            throw new ApiException(ApiException.ErrorType.CONDITIONAL_CHECK_FAILED, "The conditional request failed", extra);
        }
    }

    static Condition condition(Request request, ExpressionAttributes attributes) {
        String text = request.string("ConditionExpression");
        return text == null ? null : ExpressionParser.condition("ConditionExpression", text, attributes);
    }

    static UpdateExpression update(Request request, ExpressionAttributes attributes) {
        String text = request.string("UpdateExpression");
        return text == null ? null : ExpressionParser.update(text, attributes);
    }

    static List<Path> projection(Request request, ExpressionAttributes attributes) {
        String text = request.string("ProjectionExpression");
        return text == null ? null : ExpressionParser.projection(text, attributes);
    }

    static void refuseLegacy(Request request) {
        for (String parameter : LEGACY_PARAMETERS) {
            if (request.has(parameter)) {
                throw ApiException.validation("This engine does not support the legacy parameter " + parameter
                        + "; use the expression parameters instead");
            }
        }
    }

    private static String returnValues(Request request, Set<String> allowed) {
        String value = request.choice("ReturnValues", RETURN_VALUES, "NONE");
        if (!allowed.contains(value)) {
            throw ApiException.validation("Return values set to invalid value");
        }
        return value;
    }

    private static Map<String, Value> returned(String returnValues, UpdateExpression update,
                                               Map<String, Value> before, Map<String, Value> after) {
        List<Path> targets = update == null ? List.of() : update.targets();
        return switch (returnValues) {
            case "ALL_OLD" -> before;
            case "ALL_NEW" -> after;
            case "UPDATED_OLD" -> before == null ? null : Documents.project(before, targets);
            case "UPDATED_NEW" -> Documents.project(after, targets);
            default -> null;
        };
    }

    static void putCapacity(ObjectNode response, Capacity capacity, String mode) {
        ObjectNode consumed = capacity.toJson(mode);
        if (consumed != null) {
            response.set("ConsumedCapacity", consumed);
        }
    }
}
