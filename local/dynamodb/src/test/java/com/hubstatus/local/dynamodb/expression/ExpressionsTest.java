package com.hubstatus.local.dynamodb.expression;

import com.hubstatus.local.dynamodb.api.ApiException;
import com.hubstatus.local.dynamodb.value.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The expression parser and evaluator without a server: precedence, paths, updates, refusals. */
class ExpressionsTest {

    private static final Map<String, Value> ITEM = Map.of(
            "a", Value.n(1), "b", Value.n(2), "s", Value.s("text"),
            "l", new Value.L(List.of(Value.s("x"), new Value.M(Map.of("k", Value.n(5))))),
            "m", new Value.M(Map.of("nested", new Value.M(Map.of("leaf", Value.s("v"))))));

    private static ExpressionAttributes values(Object... namesAndValues) {
        Map<String, Value> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], (Value) namesAndValues[i + 1]);
        }
        return new ExpressionAttributes(null, values.isEmpty() ? null : values);
    }

    private static boolean holds(String condition) {
        ExpressionAttributes attributes = values(":one", Value.n(1), ":two", Value.n(2), ":three", Value.n(3), ":x", Value.s("x"));
        return Conditions.test(ExpressionParser.condition("ConditionExpression", condition, attributes), ITEM);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a = :one OR a = :two AND b = :three | true",
            "(a = :one OR a = :two) AND b = :three | false",
            "NOT a = :two AND b = :two | true",
            "NOT (a = :one AND b = :two) | false",
            "a < b | true",
            "l[0] = :x | true",
            "l[1].k > :three | true",
            "m.nested.leaf = :x | false",
            "size(l) = :two | true",
            "a IN (:three, :two, :one) | true",
            "b BETWEEN :one AND :three AND NOT attribute_exists(z) | true",
            "a = :one or b = :one | true"})
    void operatorsBindAsTheGuideOrdersThem(String condition, boolean expected) {
        assertEquals(expected, holds(condition));
    }

    @Test
    void updatesApplySetRemoveAddAndDeleteAgainstTheItemBefore() {
        // given
        UpdateExpression update = ExpressionParser.update("SET a = b, b = a, l[1].k = l[1].k + :one, n = if_not_exists(n, :one) REMOVE s ADD c :one",
                values(":one", Value.n(1)));

        // when
        Map<String, Value> after = Updates.apply(update, ITEM);

        // then
        assertEquals(Value.n(2), after.get("a"));
        assertEquals(Value.n(1), after.get("b"));
        assertEquals(Value.n(6), ((Value.M) ((Value.L) after.get("l")).values().get(1)).values().get("k"));
        assertEquals(Value.n(1), after.get("n"));
        assertEquals(Value.n(1), after.get("c"));
        assertTrue(!after.containsKey("s"));
    }

    @Test
    void projectionsKeepTheNestingAndCloseUpLists() {
        // when
        Map<String, Value> projected = Documents.project(ITEM, ExpressionParser.projection("l[1].k, m.nested, a", ExpressionAttributes.none()));

        // then
        assertEquals(new Value.L(List.of(new Value.M(Map.of("k", Value.n(5))))), projected.get("l"));
        assertEquals(ITEM.get("m"), projected.get("m"));
        assertEquals(Value.n(1), projected.get("a"));
    }

    @Test
    void whatDynamoDbRefusesBeforeReadingAnItemIsRefused() {
        for (String condition : List.of("a =", "a = :undefined", "#undefined = :one", "status = :one", "((a = :one))",
                "a < :list", "attribute_type(a, :bad)", "begins_with(a, :one)", "foo(a)", "a = :one extra")) {
            ApiException error = assertThrows(ApiException.class, () -> ExpressionParser.condition("ConditionExpression", condition,
                    values(":one", Value.n(1), ":list", new Value.L(List.of()), ":bad", Value.s("X"))), condition);
            assertEquals(ApiException.ErrorType.VALIDATION, error.type(), condition);
            assertTrue(error.getMessage().startsWith("Invalid ConditionExpression: "), error.getMessage());
        }
        for (String update : List.of("SET a = :one SET b = :one", "SET a = :one, a.b = :one", "ADD a :s", "DELETE a :one", "SET a = size(b)")) {
            assertThrows(ApiException.class, () -> ExpressionParser.update(update, values(":one", Value.n(1), ":s", Value.s("s"))), update);
        }
    }

    @Test
    void everyNameAndValueMustBeUsed() {
        // given
        ExpressionAttributes attributes = new ExpressionAttributes(Map.of("#a", "a", "#unused", "x"), Map.of(":one", Value.n(1)));
        ExpressionParser.condition("ConditionExpression", "#a = :one", attributes);

        // then
        ApiException error = assertThrows(ApiException.class, () -> attributes.checkAllUsed(true));
        assertEquals("Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}", error.getMessage());
    }
}
