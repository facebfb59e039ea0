package com.hubstatus.local.dynamodb.expression;

import com.hubstatus.local.dynamodb.api.ApiException;
import com.hubstatus.local.dynamodb.value.Value;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's ExpressionAttributeNames and ExpressionAttributeValues, and which of them its
 * expressions used: DynamoDB refuses a request that defines a placeholder none of them uses.
 */
public final class ExpressionAttributes {

    private final Map<String, String> names;
    private final Map<String, Value> values;
    private final Set<String> usedNames = new LinkedHashSet<>();
    private final Set<String> usedValues = new LinkedHashSet<>();

    /**
     * @param names  the request's ExpressionAttributeNames, or null when it has none
     * @param values the request's ExpressionAttributeValues, or null when it has none
     */
    public ExpressionAttributes(Map<String, String> names, Map<String, Value> values) {
        if (names != null && names.isEmpty()) {
            throw ApiException.validation("ExpressionAttributeNames must not be empty");
        }
        if (values != null && values.isEmpty()) {
            throw ApiException.validation("ExpressionAttributeValues must not be empty");
        }
        this.names = names == null ? Map.of() : names;
        this.values = values == null ? Map.of() : values;
    }

    public static ExpressionAttributes none() {
        return new ExpressionAttributes(null, null);
    }

    /** The attribute name a {@code #placeholder} stands for, or null when the request does not define it. */
    String name(String placeholder) {
        String name = names.get(placeholder);
        if (name != null) {
            usedNames.add(placeholder);
        }
        return name;
    }

    /** The value a {@code :placeholder} stands for, or null when the request does not define it. */
    Value value(String placeholder) {
        Value value = values.get(placeholder);
        if (value != null) {
            usedValues.add(placeholder);
        }
        return value;
    }

    /**
     * Once every expression of the request is parsed: refuses names and values that none used, and
     * either map when the request has no expression at all.
     */
    public void checkAllUsed(boolean anyExpression) {
        if (!anyExpression) {
            if (!names.isEmpty()) {
                throw ApiException.validation("ExpressionAttributeNames can only be specified when using expressions");
            }
            if (!values.isEmpty()) {
                throw ApiException.validation("ExpressionAttributeValues can only be specified when using expressions");
            }
            return;
        }
        Set<String> unusedNames = new TreeSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw ApiException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        Set<String> unusedValues = new TreeSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw ApiException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                    + String.join(", ", unusedValues) + "}");
        }
    }
}
