package com.hubstatus.local.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.local.dynamodb.value.Bytes;
import com.hubstatus.local.dynamodb.value.Numbers;
import com.hubstatus.local.dynamodb.value.Value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Attribute values and items in DynamoDB's JSON: {@code {"S":"x"}}, {@code {"N":"1"}}, {@code {"M":{...}}}. */
public final class AttributeJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AttributeJson() {
    }

    public static Map<String, Value> item(JsonNode node, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.serialization("Unexpected value type in payload for " + field);
        }
        Map<String, Value> item = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            item.put(attribute.getKey(), value(attribute.getValue()));
        }
        return item;
    }

    public static Value value(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ApiException.serialization("Unexpected value type in payload: an attribute value must be an object");
        }
        if (node.isEmpty()) {
            throw ApiException.validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (node.size() > 1) {
            throw ApiException.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        Map.Entry<String, JsonNode> only = node.fields().next();
        JsonNode content = only.getValue();
        return switch (only.getKey()) {
            case "S" -> new Value.S(text(content, "S"));
            case "N" -> new Value.N(Numbers.parse(text(content, "N")));
            case "B" -> new Value.B(binary(content));
            case "BOOL" -> {
                if (!content.isBoolean()) {
                    throw ApiException.serialization("Unexpected value type in payload: BOOL must be a boolean");
                }
                yield content.booleanValue() ? Value.Bool.TRUE : Value.Bool.FALSE;
            }
            case "NULL" -> {
                if (!content.isBoolean()) {
                    throw ApiException.serialization("Unexpected value type in payload: NULL must be a boolean");
                }
                if (!content.booleanValue()) {
                    throw ApiException.invalidParameter("Null attribute value types must have the value of true");
                }
                yield Value.Null.INSTANCE;
            }
            case "SS" -> {
                List<String> elements = new ArrayList<>();
                for (JsonNode element : array(content, "SS")) {
                    elements.add(text(element, "SS"));
                }
                yield new Value.SS(distinct(elements, "string"));
            }
            case "NS" -> {
                List<BigDecimal> elements = new ArrayList<>();
                for (JsonNode element : array(content, "NS")) {
                    elements.add(Numbers.parse(text(element, "NS")));
                }
                yield new Value.NS(distinct(elements, "number"));
            }
            case "BS" -> {
                List<Bytes> elements = new ArrayList<>();
                for (JsonNode element : array(content, "BS")) {
                    elements.add(binary(element));
                }
                yield new Value.BS(distinct(elements, "binary"));
            }
            case "L" -> {
                List<Value> elements = new ArrayList<>();
                for (JsonNode element : array(content, "L")) {
                    elements.add(value(element));
                }
                yield new Value.L(elements);
            }
            case "M" -> {
                if (!content.isObject()) {
                    throw ApiException.serialization("Unexpected value type in payload: M must be an object");
                }
                yield new Value.M(item(content, "M"));
            }
            default -> throw ApiException.serialization("Unexpected field in an attribute value: " + only.getKey());
        };
    }

    private static <T> Set<T> distinct(List<T> elements, String kind) {
        if (elements.isEmpty()) {
            throw ApiException.invalidParameter("An " + kind + " set  may not be empty");
        }
        Set<T> set = new LinkedHashSet<>(elements);
        if (set.size() != elements.size()) {
            throw ApiException.invalidParameter("Input collection " + elements + " contains duplicates.");
        }
        return set;
    }

    private static String text(JsonNode node, String type) {
        if (node == null || !node.isTextual()) {
            throw ApiException.serialization("Unexpected value type in payload: " + type + " must hold strings");
        }
        return node.textValue();
    }

    private static JsonNode array(JsonNode node, String type) {
        if (!node.isArray()) {
            throw ApiException.serialization("Unexpected value type in payload: " + type + " must be an array");
        }
        return node;
    }

    private static Bytes binary(JsonNode node) {
        if (!node.isTextual()) {
            throw ApiException.serialization("Unexpected value type in payload: binary values are base64 strings");
        }
        try {
            return Bytes.fromBase64(node.textValue());
        } catch (IllegalArgumentException e) {
            throw ApiException.serialization("Base64 encoded binary value is not valid");
        }
    }

    // ---- writing -----------------------------------------------------------------------------------

    public static ObjectNode toJson(Map<String, Value> item) {
        ObjectNode node = NODES.objectNode();
        item.forEach((name, value) -> node.set(name, toJson(value)));
        return node;
    }

    public static ObjectNode toJson(Value value) {
        ObjectNode node = NODES.objectNode();
        switch (value) {
            case Value.S s -> node.put("S", s.value());
            case Value.N n -> node.put("N", Numbers.format(n.value()));
            case Value.B b -> node.put("B", b.value().base64());
            case Value.Bool b -> node.put("BOOL", b.value());
            case Value.Null ignored -> node.put("NULL", true);
            case Value.SS ss -> {
                ArrayNode array = node.putArray("SS");
                ss.values().forEach(array::add);
            }
            case Value.NS ns -> {
                ArrayNode array = node.putArray("NS");
                ns.values().forEach(n -> array.add(Numbers.format(n)));
            }
            case Value.BS bs -> {
                ArrayNode array = node.putArray("BS");
                bs.values().forEach(b -> array.add(b.base64()));
            }
            case Value.L l -> {
                ArrayNode array = node.putArray("L");
                l.values().forEach(e -> array.add(toJson(e)));
            }
            case Value.M m -> node.set("M", toJson(m.values()));
        }
        return node;
    }
}
