package com.hubstatus.local.dynamodb.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The expression languages: conditions (each comparator and function, precedence), projections
 * with nested paths, update actions, and the rules for names, values and reserved words.
 */
class ExpressionsIT extends Conformance {

    static String table;

    @BeforeAll
    static void createTable() {
        table = keyedTable("expressions");
        put(table, item("PK", s("doc"), "SK", s("1"),
                "nick", s("Ada"), "age", n("36"), "score", n("-1.5"), "bin", b(1, 2, 3),
                "tags", ss("red", "green"), "nums", ns("1", "2"), "flag", bool(true), "nothing", AttributeValue.fromNul(true),
                "arr", list(s("a"), n("1"), map("deep", s("x"))),
                "obj", map("inside", map("leaf", n("7")), "words", s("hello world")),
                "odd name", s("needs a placeholder")));
    }

    /** True when the condition holds for the document item: a conditional no-op update answers it. */
    private static boolean holds(String condition, Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key("doc", "1")).updateExpression("SET probe = :probe")
                    .conditionExpression(condition).expressionAttributeValues(withProbe(values)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> withProbe(Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new java.util.LinkedHashMap<>(values);
        all.put(":probe", n("1"));
        return all;
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "age = :n36 | true", "age <> :n36 | false", "age < :n40 | true", "age <= :n36 | true", "age > :n36 | false",
            "age >= :n36 | true", "score < :n0 | true", "nick < :sB | true", "nick > :sB | false", "bin < :b4 | true",
            "age = :s36 | false", "age <> :s36 | true", "age < :s40 | false", "absent = :n36 | false", "absent <> :n36 | true",
            "absent < :n40 | false", "age BETWEEN :n30 AND :n40 | true", "age BETWEEN :n37 AND :n40 | false",
            "nick BETWEEN :sA AND :sB | true", "age IN (:n1, :n36) | true", "age IN (:n1, :s36) | false",
            "attribute_exists(nick) | true", "attribute_exists(absent) | false", "attribute_not_exists(absent) | true",
            "attribute_exists(obj.inside.leaf) | true", "attribute_exists(arr[2].deep) | true", "attribute_exists(arr[5]) | false",
            "attribute_type(age, :typeN) | true", "attribute_type(tags, :typeSS) | true", "attribute_type(nothing, :typeNULL) | true",
            "attribute_type(age, :typeS) | false", "begins_with(nick, :sA) | true", "begins_with(nick, :sB) | false",
            "begins_with(bin, :b1) | true", "begins_with(age, :s36) | false", "contains(obj.words, :world) | true",
            "contains(tags, :red) | true", "contains(tags, :blue) | false", "contains(nums, :n1) | true",
            "contains(arr, :sa) | true", "size(nick) = :n3 | true", "size(tags) = :n2 | true",
            "size(arr) = :n3 | true", "size(obj) = :n2 | true", "size(bin) = :n3 | true", "size(absent) = :n0 | false",
            "arr[2].deep = :x | true", "obj.inside.leaf = :n7 | true", "flag = :true | true", "nothing = :null | true",
            "NOT age = :n36 | false", "age = :n1 OR nick = :sAda | true", "age = :n1 AND nick = :sAda | false",
            "age = :n1 OR nick = :sAda AND flag = :false | false", "(age = :n1 OR nick = :sAda) AND flag = :true | true",
            "NOT (age = :n1) AND NOT age = :n2 | true", "age = :n36 and nick = :sAda | true", "tags = :tagsReversed | true",
            "obj = :sameMap | true"})
    void conditionsEvaluateAsTheDeveloperGuideSays(String condition, boolean expected) {
        // given
        Map<String, AttributeValue> available = values(":n0", n("0"), ":n1", n("1"), ":n2", n("2"), ":n3", n("3"), ":n7", n("7"),
                ":n30", n("30"), ":n36", n("36"), ":n37", n("37"), ":n40", n("40"), ":s36", s("36"), ":s40", s("40"),
                ":sA", s("A"), ":sB", s("B"), ":sAda", s("Ada"), ":sa", s("a"), ":b1", b(1), ":b4", b(4),
                ":typeN", s("N"), ":typeSS", s("SS"), ":typeNULL", s("NULL"), ":typeS", s("S"), ":world", s("world"),
                ":red", s("red"), ":blue", s("blue"), ":x", s("x"), ":true", bool(true), ":false", bool(false),
                ":null", AttributeValue.fromNul(true), ":tagsReversed", ss("green", "red"),
                ":sameMap", map("words", s("hello world"), "inside", map("leaf", n("7"))));
        Map<String, AttributeValue> used = new java.util.LinkedHashMap<>();
        available.forEach((name, value) -> {
            if (condition.matches(".*" + name + "\\b.*")) {
                used.put(name, value);
            }
        });

        // then
        assertEquals(expected, holds(condition, used), condition);
    }

    @Test
    void placeholdersStandForNamesAndValuesAndAllMustBeUsed() {
        dynamo.updateItem(b -> b.tableName(table).key(key("doc", "1")).updateExpression("SET probe = :v")
                .conditionExpression("#odd = :words").expressionAttributeNames(Map.of("#odd", "odd name"))
                .expressionAttributeValues(values(":v", n("1"), ":words", s("needs a placeholder"))));

        invalid("unused in expressions", () -> dynamo.updateItem(b -> b.tableName(table).key(key("doc", "1"))
                .updateExpression("SET probe = :v").expressionAttributeValues(values(":v", n("1"), ":extra", n("2")))));
        invalid("unused in expressions", () -> dynamo.updateItem(b -> b.tableName(table).key(key("doc", "1"))
                .updateExpression("SET probe = :v").expressionAttributeNames(Map.of("#unused", "x"))
                .expressionAttributeValues(values(":v", n("1")))));
        invalid("attribute value used in expression is not defined", () -> dynamo.updateItem(b -> b.tableName(table)
                .key(key("doc", "1")).updateExpression("SET probe = :absent").expressionAttributeValues(values(":v", n("1")))));
        invalid("attribute name used in the document path is not defined", () -> dynamo.updateItem(b -> b.tableName(table)
                .key(key("doc", "1")).updateExpression("SET #absent = :v").expressionAttributeValues(values(":v", n("1")))));
        fails("ValidationException", () -> dynamo.updateItem(b -> b.tableName(table).key(key("doc", "1"))
                .updateExpression("SET probe = :v").expressionAttributeValues(Map.of())));
        fails("ValidationException", () -> dynamo.getItem(b -> b.tableName(table).key(key("doc", "1"))
                .expressionAttributeNames(Map.of("#a", "a"))));
    }

    @Test
    void reservedWordsNeedPlaceholders() {
        invalid("reserved keyword", () -> dynamo.getItem(b -> b.tableName(table).key(key("doc", "1")).projectionExpression("nick, status")));
        invalid("reserved keyword", () -> dynamo.updateItem(b -> b.tableName(table).key(key("doc", "1"))
                .updateExpression("SET probe = :v").conditionExpression("size(data) > :v").expressionAttributeValues(values(":v", n("1")))));
        dynamo.getItem(b -> b.tableName(table).key(key("doc", "1")).projectionExpression("#s")
                .expressionAttributeNames(Map.of("#s", "status")));
    }

    @Test
    void malformedExpressionsAreValidationErrors() {
        invalid("Invalid ConditionExpression", () -> holds("age = ", Map.of()));
        invalid("Invalid ConditionExpression", () -> holds("age === :v", Map.of(":v", n("1"))));
        invalid("Invalid ConditionExpression", () -> holds("nosuchfunction(age)", Map.of()));
        invalid("Invalid ConditionExpression", () -> holds("age < :v", Map.of(":v", bool(true))));
        invalid("Invalid ConditionExpression", () -> holds("age BETWEEN :high AND :low", Map.of(":high", n("9"), ":low", n("1"))));
        invalid("Invalid ConditionExpression", () -> holds("attribute_type(age, :t)", Map.of(":t", s("NUMBER"))));
        invalid("Invalid ConditionExpression", () -> holds("attribute_exists(:v)", Map.of(":v", s("x"))));
        invalid("Invalid UpdateExpression", () -> dynamo.updateItem(b -> b.tableName(table).key(key("doc", "1"))
                .updateExpression("SET a = :v SET b = :v").expressionAttributeValues(values(":v", n("1")))));
        invalid("Invalid UpdateExpression", () -> dynamo.updateItem(b -> b.tableName(table).key(key("doc", "1"))
                .updateExpression("SET a = :v, a = :v").expressionAttributeValues(values(":v", n("1")))));
        invalid("Invalid UpdateExpression", () -> dynamo.updateItem(b -> b.tableName(table).key(key("doc", "1"))
                .updateExpression("SET obj = :v REMOVE obj.inside").expressionAttributeValues(values(":v", n("1")))));
        invalid("Invalid UpdateExpression", () -> dynamo.updateItem(b -> b.tableName(table).key(key("doc", "1"))
                .updateExpression("ADD probe :v").expressionAttributeValues(values(":v", s("words")))));
        invalid("Invalid ProjectionExpression", () -> dynamo.getItem(b -> b.tableName(table).key(key("doc", "1"))
                .projectionExpression("obj, obj.inside")));
    }

    @Test
    void projectionsPickNestedPathsAndListElements() {
        // when
        Map<String, AttributeValue> projected = dynamo.getItem(b -> b.tableName(table).key(key("doc", "1"))
                .projectionExpression("#n, obj.inside.leaf, arr[2].deep, arr[0], absent, tags")
                .expressionAttributeNames(Map.of("#n", "nick"))).item();

        // then
        assertEquals(Set.of("nick", "obj", "arr", "tags"), projected.keySet());
        assertEquals(map("inside", map("leaf", n("7"))), projected.get("obj"));
        assertEquals(list(s("a"), map("deep", s("x"))), projected.get("arr"));
        assertEquals(s("Ada"), projected.get("nick"));
    }

    @Test
    void updatesSetRemoveAddAndDelete() {
        // given
        put(table, item("PK", s("upd"), "SK", s("1"), "tally", n("10"), "tags", ss("a", "b", "c"), "arr", list(s("x"), s("y"), s("z")),
                "m", map("k", s("v")), "gone", s("soon"), "nums", ns("1")));

        // when
        dynamo.updateItem(b -> b.tableName(table).key(key("upd", "1"))
                .updateExpression("SET tally = tally - :one, created = if_not_exists(created, :now), m.k2 = :v, arr = list_append(arr, :more), "
                        + "head = arr[0] REMOVE gone ADD visits :one, nums :nums DELETE tags :ab")
                .expressionAttributeValues(values(":one", n("1"), ":now", s("t0"), ":v", s("v2"), ":more", list(s("w")),
                        ":nums", ns("2", "3"), ":ab", ss("a", "b"))));
        dynamo.updateItem(b -> b.tableName(table).key(key("upd", "1"))
                .updateExpression("SET created = if_not_exists(created, :later), arr[10] = :tail DELETE tags :c")
                .expressionAttributeValues(values(":later", s("t1"), ":tail", s("tail"), ":c", ss("c"))));
        dynamo.updateItem(b -> b.tableName(table).key(key("upd", "1")).updateExpression("REMOVE arr[1]"));

        // then
        Map<String, AttributeValue> item = get(table, key("upd", "1"));
        assertEquals("9", item.get("tally").n());
        assertEquals("t0", item.get("created").s());
        assertEquals(map("k", s("v"), "k2", s("v2")), item.get("m"));
        assertEquals(list(s("x"), s("z"), s("w"), s("tail")), item.get("arr"));
        assertEquals(s("x"), item.get("head"));
        assertNull(item.get("gone"));
        assertEquals("1", item.get("visits").n());
        assertEquals(Set.of("1", "2", "3"), new HashSet<>(item.get("nums").ns()));
        assertFalse(item.containsKey("tags"), "a set emptied by DELETE is removed");
    }

    @Test
    void setComputesEveryValueFromTheItemBeforeTheUpdate() {
        // given
        put(table, item("PK", s("swap"), "SK", s("1"), "a", s("A"), "b", s("B")));

        // when
        dynamo.updateItem(b -> b.tableName(table).key(key("swap", "1")).updateExpression("SET a = b, b = a"));

        // then
        Map<String, AttributeValue> item = get(table, key("swap", "1"));
        assertEquals("B", item.get("a").s());
        assertEquals("A", item.get("b").s());
    }

    @Test
    void updatesOnTheWrongTypesOrMissingPathsAreRefused() {
        // given
        put(table, item("PK", s("bad"), "SK", s("1"), "words", s("t"), "n", n("1")));

        // then
        invalid("incorrect data type", () -> dynamo.updateItem(b -> b.tableName(table).key(key("bad", "1"))
                .updateExpression("SET n = words + :one").expressionAttributeValues(values(":one", n("1")))));
        invalid("does not exist in the item", () -> dynamo.updateItem(b -> b.tableName(table).key(key("bad", "1"))
                .updateExpression("SET n = absent + :one").expressionAttributeValues(values(":one", n("1")))));
        invalid("incorrect data type", () -> dynamo.updateItem(b -> b.tableName(table).key(key("bad", "1"))
                .updateExpression("ADD words :one").expressionAttributeValues(values(":one", n("1")))));
        invalid("document path provided in the update expression is invalid", () -> dynamo.updateItem(b -> b.tableName(table)
                .key(key("bad", "1")).updateExpression("SET absent.child = :one").expressionAttributeValues(values(":one", n("1")))));
        assertEquals(item("PK", s("bad"), "SK", s("1"), "words", s("t"), "n", n("1")), get(table, key("bad", "1")));
    }
}
