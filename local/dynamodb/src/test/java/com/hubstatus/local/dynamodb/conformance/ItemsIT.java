package com.hubstatus.local.dynamodb.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GetItem, PutItem, UpdateItem and DeleteItem: every attribute type, numbers, keys, sizes and ReturnValues. */
class ItemsIT extends Conformance {

    static String table;

    @BeforeAll
    static void createTable() {
        table = keyedTable("items");
    }

    @Test
    void everyAttributeTypeRoundTrips() {
        // given
        Map<String, AttributeValue> item = item("PK", s("types"), "SK", s("all"),
                "s", s("héllo 𝄞"), "emptyString", s(""), "n", n("-12.5"), "b", b(0, 1, 0xFF), "emptyBinary", b(),
                "t", bool(true), "f", bool(false), "nothing", AttributeValue.fromNul(true),
                "ss", ss("a", "b"), "ns", ns("1", "2.5"), "bs", AttributeValue.fromBs(List.of(b(1).b(), b(2).b())),
                "l", list(s("x"), n("1"), list(), map()), "m", map("inner", map("deep", ss("z")), "empty", map()));

        // when
        put(table, item);
        Map<String, AttributeValue> read = get(table, key("types", "all"));

        // then
        assertEquals(item.keySet(), read.keySet());
        for (String name : item.keySet()) {
            AttributeValue expected = item.get(name);
            AttributeValue actual = read.get(name);
            if (expected.hasSs()) {
                assertEquals(new HashSet<>(expected.ss()), new HashSet<>(actual.ss()), name);
            } else if (expected.hasNs()) {
                assertEquals(new HashSet<>(expected.ns()), new HashSet<>(actual.ns()), name);
            } else if (expected.hasBs()) {
                assertEquals(new HashSet<>(expected.bs()), new HashSet<>(actual.bs()), name);
            } else {
                assertEquals(expected, actual, name);
            }
        }
    }

    @Test
    void numbersAreExactDecimalsOfUpTo38DigitsWrittenWithoutNeedlessZeros() {
        // given
        String exact = "1234567890123456789012345678901234567.8";
        put(table, item("PK", s("numbers"), "SK", s("1"), "exact", n(exact), "zeros", n("00042.500"),
                "exponent", n("1.5E2"), "negativeZero", n("-0"), "small", n("1E-130"), "large", n("9.9999999999999999999999999999999999999E+125")));

        // when
        Map<String, AttributeValue> read = get(table, key("numbers", "1"));

        // then
        assertEquals(exact, read.get("exact").n());
        assertEquals("42.5", read.get("zeros").n());
        assertEquals("150", read.get("exponent").n());
        assertEquals("0", read.get("negativeZero").n());
        assertEquals(0, new java.math.BigDecimal("1E-130").compareTo(new java.math.BigDecimal(read.get("small").n())));
    }

    @Test
    void numbersBeyondDynamoDbsRangeOrPrecisionAreRefused() {
        invalid("38 significant digits", () -> put(table, item("PK", s("n"), "SK", s("1"), "x", n("1234567890123456789012345678901234567891"))));
        invalid("Number overflow", () -> put(table, item("PK", s("n"), "SK", s("1"), "x", n("1E126"))));
        invalid("Number underflow", () -> put(table, item("PK", s("n"), "SK", s("1"), "x", n("1E-131"))));
        fails("ValidationException", () -> put(table, item("PK", s("n"), "SK", s("1"), "x", n("twelve"))));
        fails("ValidationException", () -> dynamo.updateItem(b -> b.tableName(table).key(key("n", "2"))
                .updateExpression("SET x = :big + :big").expressionAttributeValues(values(":big", n("9E125")))));
    }

    @Test
    void setsMustBeNonEmptyAndHaveNoDuplicates() {
        fails("ValidationException", () -> put(table, item("PK", s("sets"), "SK", s("1"), "x", ss())));
        invalid("duplicates", () -> put(table, item("PK", s("sets"), "SK", s("1"), "x", ss("a", "a"))));
        invalid("duplicates", () -> put(table, item("PK", s("sets"), "SK", s("1"), "x", ns("1", "1.0"))));
    }

    @Test
    void anAttributeValueHoldsExactlyOneType() {
        fails("ValidationException", () -> put(table, item("PK", s("types"), "SK", s("1"), "x", AttributeValue.builder().build())));
        fails("ValidationException", () -> put(table, item("PK", s("types"), "SK", s("1"),
                "x", AttributeValue.builder().s("a").n("1").build())));
        fails("ValidationException", () -> put(table, item("PK", s("types"), "SK", s("1"), "x", AttributeValue.fromNul(false))));
    }

    @Test
    void keysMustMatchTheSchemaAndNotBeEmpty() {
        invalid("Missing the key SK", () -> put(table, item("PK", s("keys"))));
        invalid("Type mismatch for key SK", () -> put(table, item("PK", s("keys"), "SK", n("1"))));
        invalid("empty string", () -> put(table, item("PK", s(""), "SK", s("1"))));
        invalid("does not match the schema", () -> dynamo.getItem(b -> b.tableName(table).key(item("PK", s("keys")))));
        invalid("does not match the schema", () -> dynamo.getItem(b -> b.tableName(table)
                .key(item("PK", s("keys"), "SK", s("1"), "other", s("x")))));
        invalid("does not match the schema", () -> dynamo.deleteItem(b -> b.tableName(table).key(item("PK", s("keys"), "SK", n("1")))));
        invalid("part of the key", () -> dynamo.updateItem(b -> b.tableName(table).key(key("keys", "1"))
                .updateExpression("SET SK = :v").expressionAttributeValues(values(":v", s("2")))));
    }

    @Test
    void anItemMayBe400KbAndNoMore() {
        // given: "PK"+"keys" (6) + "SK"+"1" (3) + "data" (4) = 13 bytes besides the data value
        String fits = "x".repeat(400 * 1024 - 13);
        String tooLarge = fits + "x";

        // when
        put(table, item("PK", s("keys"), "SK", s("1"), "data", s(fits)));

        // then
        assertEquals(fits, get(table, key("keys", "1")).get("data").s());
        invalid("Item size has exceeded the maximum allowed size", () -> put(table, item("PK", s("keys"), "SK", s("1"), "data", s(tooLarge))));
        invalid("Item size to update has exceeded the maximum allowed size", () -> dynamo.updateItem(b -> b.tableName(table)
                .key(key("keys", "1")).updateExpression("SET more = :x").expressionAttributeValues(values(":x", s("xx")))));
    }

    @Test
    void aMissingItemReadsAsNoItem() {
        // when
        var response = dynamo.getItem(b -> b.tableName(table).key(key("nobody", "here")));

        // then
        assertFalse(response.hasItem() && !response.item().isEmpty());
    }

    @Test
    void putAndDeleteReturnTheOldItemWhenAsked() {
        // given
        Map<String, AttributeValue> first = item("PK", s("rv"), "SK", s("1"), "v", n("1"));
        Map<String, AttributeValue> second = item("PK", s("rv"), "SK", s("1"), "v", n("2"));

        // when
        var none = dynamo.putItem(b -> b.tableName(table).item(first).returnValues(ReturnValue.ALL_OLD));
        var replaced = dynamo.putItem(b -> b.tableName(table).item(second).returnValues(ReturnValue.ALL_OLD));
        var deleted = dynamo.deleteItem(b -> b.tableName(table).key(key("rv", "1")).returnValues(ReturnValue.ALL_OLD));

        // then
        assertTrue(none.attributes() == null || none.attributes().isEmpty());
        assertEquals(first, replaced.attributes());
        assertEquals(second, deleted.attributes());
        assertNull(get(table, key("rv", "1")));
        invalid("Return values set to invalid value", () -> dynamo.putItem(b -> b.tableName(table).item(first).returnValues(ReturnValue.ALL_NEW)));
        invalid("Return values set to invalid value", () -> dynamo.deleteItem(b -> b.tableName(table).key(key("rv", "1")).returnValues(ReturnValue.UPDATED_OLD)));
    }

    @Test
    void updateReturnsWhatWasAskedOfTheItemBeforeOrAfter() {
        // given
        put(table, item("PK", s("urv"), "SK", s("1"), "a", n("1"), "b", s("keep"), "m", map("x", n("1"), "y", n("2"))));

        // when
        var updatedOld = update("SET a = a + :one, m.x = :ten", ReturnValue.UPDATED_OLD);
        var updatedNew = update("SET a = a + :one, m.x = :ten", ReturnValue.UPDATED_NEW);
        var allOld = update("SET a = a + :one, m.x = :ten", ReturnValue.ALL_OLD);
        var allNew = update("SET a = a + :one, m.x = :ten", ReturnValue.ALL_NEW);
        var none = update("SET a = a + :one, m.x = :ten", ReturnValue.NONE);

        // then
        assertEquals(item("a", n("1"), "m", map("x", n("1"))), updatedOld.attributes());
        assertEquals(item("a", n("3"), "m", map("x", n("10"))), updatedNew.attributes());
        assertEquals(item("PK", s("urv"), "SK", s("1"), "a", n("3"), "b", s("keep"), "m", map("x", n("10"), "y", n("2"))), allOld.attributes());
        assertEquals("5", allNew.attributes().get("a").n());
        assertTrue(none.attributes() == null || none.attributes().isEmpty());
    }

    private static software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse update(String expression, ReturnValue returnValue) {
        return dynamo.updateItem(b -> b.tableName(table).key(key("urv", "1")).updateExpression(expression)
                .expressionAttributeValues(values(":one", n("1"), ":ten", n("10"))).returnValues(returnValue));
    }

    @Test
    void anUpdateOfAMissingItemCreatesIt() {
        // when
        var created = dynamo.updateItem(b -> b.tableName(table).key(key("upsert", "1"))
                .updateExpression("SET v = :v").expressionAttributeValues(values(":v", s("x"))).returnValues(ReturnValue.ALL_NEW));

        // then
        assertEquals(item("PK", s("upsert"), "SK", s("1"), "v", s("x")), created.attributes());
        assertEquals(created.attributes(), get(table, key("upsert", "1")));
    }

    @Test
    void aFailedConditionWritesNothingAndReturnsTheItemWhenAsked() {
        // given
        Map<String, AttributeValue> stored = item("PK", s("ccf"), "SK", s("1"), "version", n("1"));
        put(table, stored);

        // when
        ConditionalCheckFailedException plain = assertThrows(ConditionalCheckFailedException.class, () -> dynamo.putItem(b -> b
                .tableName(table).item(item("PK", s("ccf"), "SK", s("1"), "version", n("9")))
                .conditionExpression("attribute_not_exists(PK)")));
        ConditionalCheckFailedException withItem = assertThrows(ConditionalCheckFailedException.class, () -> dynamo.updateItem(b -> b
                .tableName(table).key(key("ccf", "1")).updateExpression("SET version = :nine")
                .conditionExpression("version = :two").expressionAttributeValues(values(":nine", n("9"), ":two", n("2")))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        ConditionalCheckFailedException onDelete = assertThrows(ConditionalCheckFailedException.class, () -> dynamo.deleteItem(b -> b
                .tableName(table).key(key("ccf", "1")).conditionExpression("attribute_not_exists(version)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));

        // then
        assertEquals("ConditionalCheckFailedException", plain.awsErrorDetails().errorCode());
        assertFalse(plain.hasItem() && !plain.item().isEmpty());
        assertEquals(stored, withItem.item());
        assertEquals(stored, onDelete.item());
        assertEquals(stored, get(table, key("ccf", "1")));
    }

    @Test
    void aConditionOnAMissingItemSeesNoAttributes() {
        // when
        dynamo.putItem(b -> b.tableName(table).item(item("PK", s("new"), "SK", s("1")))
                .conditionExpression("attribute_not_exists(PK)"));

        // then
        AwsServiceException error = fails("ConditionalCheckFailedException", () -> dynamo.deleteItem(b -> b.tableName(table)
                .key(key("new", "2")).conditionExpression("attribute_exists(PK)")));
        assertTrue(error.awsErrorDetails().errorMessage().contains("The conditional request failed"));
    }
}
