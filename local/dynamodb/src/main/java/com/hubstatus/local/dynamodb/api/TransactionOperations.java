package com.hubstatus.local.dynamodb.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
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

import java.util.HexFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TransactWriteItems and TransactGetItems. A write transaction checks every condition under the
 * engine's write lock and writes all its items or none; a get transaction reads under the same
 * lock, so neither sees the other half done. A ClientRequestToken makes a write transaction
 * idempotent for ten minutes.
 */
final class TransactionOperations {

    static final int MAX_ITEMS = 100;
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);

    private final DynamoDbService service;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    TransactionOperations(DynamoDbService service) {
        this.service = service;
    }

    private record Token(ObjectNode request, Instant expiresAt, ObjectNode response) {
    }

    private enum Kind { PUT, UPDATE, DELETE, CONDITION_CHECK }

    private record Action(Kind kind, Table table, Map<String, Value> key, Map<String, Value> item, Condition condition,
                          UpdateExpression update, String onFailure) {
    }

    ObjectNode transactWriteItems(Request request) {
        List<Request> elements = request.objects("TransactItems");
        checkCount(elements.size());
        String token = request.string("ClientRequestToken");
        if (token != null && (token.isEmpty() || token.length() > 36)) {
            throw ApiException.validation("1 validation error detected: Value '" + token
                    + "' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36");
        }
        String mode = request.choice("ReturnConsumedCapacity", Capacity.MODES, "NONE");
        List<Action> actions = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (Request element : elements) {
            Action action = action(element);
            String target = action.table().schema().name() + "/" + HexFormat.of().formatHex(action.table().schema().keys().encode(action.key()));
            if (!targets.add(target)) {
                throw ApiException.validation("Transaction request cannot include multiple operations on one item");
            }
            actions.add(action);
        }

        return service.writing(() -> {
            Instant now = service.clock().instant();
            if (token != null) {
                tokens.values().removeIf(t -> !t.expiresAt().isAfter(now));
                Token earlier = tokens.get(token);
                if (earlier != null) {
                    if (!earlier.request().equals(request.json())) {
                        throw new ApiException(ApiException.ErrorType.IDEMPOTENT_PARAMETER_MISMATCH,
                                "Request parameters do not match the original request for the client request token");
                    }
                    return earlier.response().deepCopy();
                }
            }
            List<Map<String, Value>> befores = new ArrayList<>();
            List<Map<String, Value>> afters = new ArrayList<>();
            List<ObjectNode> reasons = new ArrayList<>();
            boolean cancelled = false;
            for (Action action : actions) {
                Map<String, Value> before = action.table().get(action.key());
                befores.add(before);
                ObjectNode reason = JsonNodeFactory.instance.objectNode();
                Map<String, Value> after = null;
                if (action.condition() != null && !Conditions.test(action.condition(), before == null ? Map.of() : before)) {
                    reason.put("Code", "ConditionalCheckFailed");
                    reason.put("Message", "The conditional request failed");
                    if ("ALL_OLD".equals(action.onFailure()) && before != null) {
                        reason.set("Item", AttributeJson.toJson(before));
                    }
                    cancelled = true;
                } else {
                    try {
                        after = switch (action.kind()) {
                            case PUT -> action.item();
                            case UPDATE -> ItemOperations.updated(action.update(), before, action.key(), action.table().schema());
                            default -> null;
                        };
                        reason.put("Code", "None");
                    } catch (ApiException e) {
                        reason.put("Code", "ValidationError");
                        reason.put("Message", e.getMessage());
                        cancelled = true;
                    }
                }
                afters.add(after);
                reasons.add(reason);
            }
            if (cancelled) {
                ObjectNode extra = JsonNodeFactory.instance.objectNode();
                ArrayNode list = extra.putArray("CancellationReasons");
                reasons.forEach(list::add);
                throw new ApiException(ApiException.ErrorType.TRANSACTION_CANCELED,
                        "Transaction cancelled, please refer cancellation reasons for specific reasons "
                                + reasons.stream().map(r -> r.get("Code").asText()).toList(),
                        extra);
            }
            Capacity.PerTable capacity = new Capacity.PerTable(true);
            for (int i = 0; i < actions.size(); i++) {
                Action action = actions.get(i);
                TableSchema schema = action.table().schema();
                switch (action.kind()) {
                    case PUT, UPDATE -> action.table().put(afters.get(i));
                    case DELETE -> {
                        if (befores.get(i) != null) {
                            action.table().delete(action.key());
                        }
                    }
                    case CONDITION_CHECK -> {
                    }
                }
                if (action.kind() == Kind.CONDITION_CHECK) {
                    Map<String, Value> checked = befores.get(i);
                    capacity.of(schema.name()).addTable(2 * Capacity.writeUnits(checked == null ? 0 : ItemSize.of(checked)));
                } else {
                    capacity.of(schema.name()).addWrite(schema, befores.get(i), afters.get(i), 2);
                }
            }
            ObjectNode response = JsonNodeFactory.instance.objectNode();
            ArrayNode consumed = capacity.toJson(mode);
            if (consumed != null) {
                response.set("ConsumedCapacity", consumed);
            }
            if (token != null) {
                tokens.put(token, new Token(request.json().deepCopy(), now.plus(TOKEN_LIFETIME), response.deepCopy()));
            }
            return response;
        });
    }

    private Action action(Request element) {
        Request put = element.object("Put");
        Request update = element.object("Update");
        Request delete = element.object("Delete");
        Request check = element.object("ConditionCheck");
        int present = (put != null ? 1 : 0) + (update != null ? 1 : 0) + (delete != null ? 1 : 0) + (check != null ? 1 : 0);
        if (present != 1) {
            throw ApiException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        Request body = put != null ? put : update != null ? update : delete != null ? delete : check;
        Kind kind = put != null ? Kind.PUT : update != null ? Kind.UPDATE : delete != null ? Kind.DELETE : Kind.CONDITION_CHECK;
        Table table = service.table(body.tableName());
        TableSchema schema = table.schema();
        ExpressionAttributes attributes = body.expressionAttributes();
        Map<String, Value> item = null;
        Map<String, Value> key;
        UpdateExpression updateExpression = null;
        if (kind == Kind.PUT) {
            item = body.requireItem("Item");
            ItemRules.checkItem(item, schema, false);
            key = schema.keys().extract(item);
        } else {
            key = ItemRules.checkKey(body.requireItem("Key"), schema.keys());
        }
        if (kind == Kind.UPDATE) {
            String text = body.requireString("UpdateExpression");
            updateExpression = ExpressionParser.update(text, attributes);
            Updates.checkKeysUntouched(updateExpression, schema.keys().names());
        }
        if (kind == Kind.CONDITION_CHECK) {
            body.requireString("ConditionExpression");
        }
        Condition condition = ItemOperations.condition(body, attributes);
        attributes.checkAllUsed(condition != null || updateExpression != null);
        String onFailure = body.choice("ReturnValuesOnConditionCheckFailure", ItemOperations.ON_CONDITION_FAILURE, "NONE");
        return new Action(kind, table, key, item, condition, updateExpression, onFailure);
    }

    ObjectNode transactGetItems(Request request) {
        List<Request> elements = request.objects("TransactItems");
        checkCount(elements.size());
        String mode = request.choice("ReturnConsumedCapacity", Capacity.MODES, "NONE");
        record Get(Table table, Map<String, Value> key, List<Path> projection) {
        }
        List<Get> gets = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (Request element : elements) {
            Request get = element.object("Get");
            if (get == null || element.json().size() != 1) {
                throw ApiException.validation("TransactItems can only contain Get");
            }
            Table table = service.table(get.tableName());
            Map<String, Value> key = ItemRules.checkKey(get.requireItem("Key"), table.schema().keys());
            ExpressionAttributes attributes = get.expressionAttributes();
            List<Path> projection = ItemOperations.projection(get, attributes);
            attributes.checkAllUsed(projection != null);
            if (!targets.add(table.schema().name() + "/" + HexFormat.of().formatHex(table.schema().keys().encode(key)))) {
                throw ApiException.validation("Transaction request cannot include multiple operations on one item");
            }
            gets.add(new Get(table, key, projection));
        }
        List<Map<String, Value>> items = service.writing(() -> {
            List<Map<String, Value>> read = new ArrayList<>();
            for (Get get : gets) {
                read.add(get.table().get(get.key()));
            }
            return read;
        });
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        ArrayNode responses = response.putArray("Responses");
        Capacity.PerTable capacity = new Capacity.PerTable(false);
        for (int i = 0; i < gets.size(); i++) {
            Get get = gets.get(i);
            Map<String, Value> item = items.get(i);
            ObjectNode entry = responses.addObject();
            if (item != null) {
                entry.set("Item", AttributeJson.toJson(get.projection() == null ? item : Documents.project(item, get.projection())));
            }
            capacity.of(get.table().schema().name()).addTable(2 * Capacity.readUnits(item == null ? 0 : ItemSize.of(item), true));
        }
        ArrayNode consumed = capacity.toJson(mode);
        if (consumed != null) {
            response.set("ConsumedCapacity", consumed);
        }
        return response;
    }

    private static void checkCount(int count) {
        if (count < 1) {
            throw ApiException.validation("1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1");
        }
        if (count > MAX_ITEMS) {
            throw ApiException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + MAX_ITEMS);
        }
    }
}
