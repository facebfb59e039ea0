package com.hubstatus.local.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.local.dynamodb.expression.ExpressionAttributes;
import com.hubstatus.local.dynamodb.value.Value;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request body (or a structure inside one) read field by field: a field of the wrong JSON type
 * is a SerializationException, a missing required one a ValidationException in AWS's words.
 */
final class Request {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    private final ObjectNode node;

    Request(JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            this.node = JsonNodeFactory.instance.objectNode();
        } else if (node.isObject()) {
            this.node = (ObjectNode) node;
        } else {
            throw ApiException.serialization("Unexpected value type in payload for " + path);
        }
    }

    ObjectNode json() {
        return node;
    }

    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    String string(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.serialization("Unexpected value type in payload for " + field + ": expected a string");
        }
        return value.textValue();
    }

    String requireString(String field) {
        String value = string(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    /** A string that must be one of {@code allowed}; {@code fallback} when absent. */
    String choice(String field, Set<String> allowed, String fallback) {
        String value = string(field);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw ApiException.validation("1 validation error detected: Value '" + value + "' at '" + memberName(field)
                    + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed.stream().sorted().toList());
        }
        return value;
    }

    Integer integer(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiException.serialization("Unexpected value type in payload for " + field + ": expected an integer");
        }
        return value.intValue();
    }

    Long longValue(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ApiException.serialization("Unexpected value type in payload for " + field + ": expected an integer");
        }
        return value.longValue();
    }

    boolean bool(String field, boolean fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw ApiException.serialization("Unexpected value type in payload for " + field + ": expected a boolean");
        }
        return value.booleanValue();
    }

    Request object(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return new Request(value, field);
    }

    Request requireObject(String field) {
        Request value = object(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    /** The elements of an array field as requests; empty when absent. */
    List<Request> objects(String field) {
        List<Request> list = new ArrayList<>();
        for (JsonNode element : array(field)) {
            list.add(new Request(element, field));
        }
        return list;
    }

    List<String> strings(String field) {
        List<String> list = new ArrayList<>();
        for (JsonNode element : array(field)) {
            if (!element.isTextual()) {
                throw ApiException.serialization("Unexpected value type in payload for " + field + ": expected strings");
            }
            list.add(element.textValue());
        }
        return list;
    }

    JsonNode array(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!value.isArray()) {
            throw ApiException.serialization("Unexpected value type in payload for " + field + ": expected a list");
        }
        return value;
    }

    /** The fields of a map-valued field, in order; empty when absent. */
    Map<String, JsonNode> map(String field) {
        JsonNode value = node.get(field);
        Map<String, JsonNode> map = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return map;
        }
        if (!value.isObject()) {
            throw ApiException.serialization("Unexpected value type in payload for " + field + ": expected a map");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            map.put(entry.getKey(), entry.getValue());
        }
        return map;
    }

    Map<String, Value> item(String field) {
        return AttributeJson.item(node.get(field), field);
    }

    Map<String, Value> requireItem(String field) {
        Map<String, Value> item = item(field);
        if (item == null) {
            throw missing(field);
        }
        return item;
    }

    /** The request's ExpressionAttributeNames and ExpressionAttributeValues. */
    ExpressionAttributes expressionAttributes() {
        Map<String, String> names = null;
        if (has("ExpressionAttributeNames")) {
            names = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : map("ExpressionAttributeNames").entrySet()) {
                if (!entry.getValue().isTextual()) {
                    throw ApiException.serialization("Unexpected value type in payload for ExpressionAttributeNames");
                }
                names.put(entry.getKey(), entry.getValue().textValue());
            }
        }
        Map<String, Value> values = item("ExpressionAttributeValues");
        return new ExpressionAttributes(names, values);
    }

    String tableName() {
        return tableName("TableName");
    }

    String tableName(String field) {
        String name = string(field);
        if (name == null) {
            throw missing(field);
        }
        checkName(name, field);
        return name;
    }

    static void checkName(String name, String field) {
        List<String> problems = new ArrayList<>();
        if (name.length() < 3) {
            problems.add("Value '" + name + "' at '" + memberName(field) + "' failed to satisfy constraint: Member must have length greater than or equal to 3");
        }
        if (name.length() > 255) {
            problems.add("Value '" + name + "' at '" + memberName(field) + "' failed to satisfy constraint: Member must have length less than or equal to 255");
        }
        if (!NAME.matcher(name).matches()) {
            problems.add("Value '" + name + "' at '" + memberName(field) + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems.size() + " validation error" + (problems.size() > 1 ? "s" : "")
                    + " detected: " + String.join("; ", problems));
        }
    }

    ApiException missing(String field) {
        return ApiException.validation("1 validation error detected: Value null at '" + memberName(field)
                + "' failed to satisfy constraint: Member must not be null");
    }

    /** AWS names members in messages with a lower-case first letter: TableName becomes tableName. */
    static String memberName(String field) {
        return Character.toLowerCase(field.charAt(0)) + field.substring(1);
    }
}
