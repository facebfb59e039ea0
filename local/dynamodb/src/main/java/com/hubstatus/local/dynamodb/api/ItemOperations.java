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

    /** What a single-item write asks back: ReturnValues, ReturnValuesOnConditionCheckFailure, ReturnConsumedCapacity. */
    private record Returns(String values, String onFailure, String capacity) {
        static Returns of(Request request, Set<String> allowedValues) {
            String values = request.choice("ReturnValues", RETURN_VALUES, "NONE");
            if (!allowedValues.contains(values)) {
                throw ApiException.validation("Return values set to invalid value");
            }
            return new Returns(values, request.choice("ReturnValuesOnConditionCheckFailure", ON_CONDITION_FAILURE, "NONE"),
                    request.choice("ReturnConsumedCapacity", Capacity.MODES, "NONE"));
        }

        ObjectNode answer(Map<String, Value> attributes, Capacity consumed) {
            ObjectNode response = JsonNodeFactory.instance.objectNode();
            if (attributes != null && !attributes.isEmpty()) {
                response.set("Attributes", AttributeJson.toJson(attributes));
            }
            putCapacity(response, consumed, capacity);
            return response;
        }
    }

    ObjectNode getItem(Request request) {
        Table table = service.tableOf(request);
        TableSchema schema = table.schema();
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
        return replace(request, true);
    }

    ObjectNode deleteItem(Request request) {
        return replace(request, false);
    }

    /** PutItem (an item replaces any with its key) or DeleteItem (none does): the same condition, returns and capacity. */
    private ObjectNode replace(Request request, boolean put) {
        Table table = service.tableOf(request);
        TableSchema schema = table.schema();
        Map<String, Value> item = put ? request.requireItem("Item") : null;
        Map<String, Value> key;
        if (put) {
            ItemRules.checkItem(item, schema, false);
            key = item;
        } else {
            key = ItemRules.checkKey(request.requireItem("Key"), schema.keys());
        }
        ExpressionAttributes attributes = request.expressionAttributes();
        Condition condition = condition(request, attributes);
        attributes.checkAllUsed(condition != null);
        Returns returns = Returns.of(request, Set.of("NONE", "ALL_OLD"));

        Capacity capacity = Capacity.write(schema.name());
        Map<String, Value> old = service.writing(() -> {
            Map<String, Value> before = table.get(key);
            checkCondition(condition, before, returns.onFailure());
            if (put) {
                table.put(item);
            } else if (before != null) {
                table.delete(key);
            }
            capacity.addWrite(schema, before, item, 1);
            return before;
        });
        return returns.answer(returns.values().equals("ALL_OLD") ? old : null, capacity);
    }

    ObjectNode updateItem(Request request) {
        Table table = service.tableOf(request);
        TableSchema schema = table.schema();
        Map<String, Value> key = ItemRules.checkKey(request.requireItem("Key"), schema.keys());
        ExpressionAttributes attributes = request.expressionAttributes();
        UpdateExpression update = update(request, attributes);
        Condition condition = condition(request, attributes);
        attributes.checkAllUsed(update != null || condition != null);
        if (update != null) {
            Updates.checkKeysUntouched(update, schema.keys().names());
        }
        Returns returns = Returns.of(request, RETURN_VALUES);

        Capacity capacity = Capacity.write(schema.name());
        Map<String, Value>[] beforeAndAfter = service.writing(() -> {
            Map<String, Value> before = table.get(key);
            checkCondition(condition, before, returns.onFailure());
            Map<String, Value> after = updated(update, before, key, schema);
            table.put(after);
            capacity.addWrite(schema, before, after, 1);
            @SuppressWarnings("unchecked")
            Map<String, Value>[] both = new Map[] {before, after};
            return both;
        });
        return returns.answer(returned(returns.values(), update, beforeAndAfter[0], beforeAndAfter[1]), capacity);
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
