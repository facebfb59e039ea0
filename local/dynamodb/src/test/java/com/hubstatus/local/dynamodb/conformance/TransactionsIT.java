package com.hubstatus.local.dynamodb.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** TransactWriteItems and TransactGetItems: all or nothing, cancellation reasons, limits, idempotency. */
class TransactionsIT extends Conformance {

    static String table;

    @BeforeAll
    static void createTable() {
        table = keyedTable("transactions");
    }

    static TransactWriteItem putItem(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
    }

    static TransactWriteItem putIfAbsent(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build();
    }

    @Test
    void allWritesHappenOrNoneAndTheReasonsComeInRequestOrder() {
        // given
        Map<String, AttributeValue> existing = item("PK", s("tx"), "SK", s("exists"), "v", n("1"));
        put(table, existing);
        put(table, item("PK", s("tx"), "SK", s("to-delete")));

        // when
        TransactionCanceledException cancelled = assertThrows(TransactionCanceledException.class, () -> dynamo.transactWriteItems(b -> b
                .transactItems(
                        putItem(key("tx", "new")),
                        putIfAbsent(item("PK", s("tx"), "SK", s("exists"), "v", n("2"))),
                        TransactWriteItem.builder().delete(d -> d.tableName(table).key(key("tx", "to-delete"))).build(),
                        TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key("tx", "absent"))
                                .conditionExpression("attribute_exists(PK)")).build())));

        // then
        List<String> codes = cancelled.cancellationReasons().stream().map(CancellationReason::code).toList();
        assertEquals(List.of("None", "ConditionalCheckFailed", "None", "ConditionalCheckFailed"), codes);
        assertEquals(existing, cancelled.cancellationReasons().get(1).item());
        assertNull(get(table, key("tx", "new")));
        assertEquals(existing, get(table, key("tx", "exists")));
        assertEquals(item("PK", s("tx"), "SK", s("to-delete")), get(table, key("tx", "to-delete")));
    }

    @Test
    void aTransactionWhoseConditionsHoldWritesEverything() {
        // given
        put(table, item("PK", s("ok"), "SK", s("counter"), "n", n("1")));
        put(table, item("PK", s("ok"), "SK", s("old")));

        // when
        dynamo.transactWriteItems(b -> b.transactItems(
                putIfAbsent(key("ok", "new")),
                TransactWriteItem.builder().update(u -> u.tableName(table).key(key("ok", "counter"))
                        .updateExpression("SET n = n + :one").conditionExpression("n = :one")
                        .expressionAttributeValues(values(":one", n("1")))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(table).key(key("ok", "old"))).build()));

        // then
        assertEquals(key("ok", "new"), get(table, key("ok", "new")));
        assertEquals("2", get(table, key("ok", "counter")).get("n").n());
        assertNull(get(table, key("ok", "old")));
    }

    @Test
    void aTransactionTouchesEachItemOnceAndHoldsAtMost100Actions() {
        invalid("multiple operations on one item", () -> dynamo.transactWriteItems(b -> b.transactItems(
                putItem(key("once", "1")),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key("once", "1"))
                        .conditionExpression("attribute_not_exists(PK)")).build())));
        List<TransactWriteItem> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(putItem(key("many", "" + i)));
        }
        fails("ValidationException", () -> dynamo.transactWriteItems(b -> b.transactItems(tooMany)));
        List<TransactWriteItem> hundred = tooMany.subList(0, 100);
        dynamo.transactWriteItems(b -> b.transactItems(hundred));
        assertEquals(key("many", "99"), get(table, key("many", "99")));
        fails("ResourceNotFoundException", () -> dynamo.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table + "-missing").item(key("x", "1"))).build())));
    }

    @Test
    void theSameClientRequestTokenAppliesATransactionOnce() {
        // given
        put(table, item("PK", s("idem"), "SK", s("1"), "n", n("0")));
        TransactWriteItem increment = TransactWriteItem.builder().update(u -> u.tableName(table).key(key("idem", "1"))
                .updateExpression("SET n = n + :one").expressionAttributeValues(values(":one", n("1")))).build();

        String token = UUID.randomUUID().toString();

        // when
        dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(increment));
        dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(increment));

        // then
        assertEquals("1", get(table, key("idem", "1")).get("n").n());
        assertThrows(IdempotentParameterMismatchException.class, () -> dynamo.transactWriteItems(b -> b
                .clientRequestToken(token).transactItems(putItem(key("idem", "2")))));
    }

    @Test
    void aClientRequestTokenExpiresAfterTenMinutes() {
        assumeTrue(ConformanceBackend.controlsTime(), "moves the backend's clock: runs on the engine only");
        // given
        put(table, item("PK", s("idem-expiry"), "SK", s("1"), "n", n("0")));
        TransactWriteItem increment = TransactWriteItem.builder().update(u -> u.tableName(table).key(key("idem-expiry", "1"))
                .updateExpression("SET n = n + :one").expressionAttributeValues(values(":one", n("1")))).build();
        String token = UUID.randomUUID().toString();
        dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(increment));

        // when
        ConformanceBackend.advanceClock(Duration.ofMinutes(9));
        dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(increment));
        ConformanceBackend.advanceClock(Duration.ofMinutes(2));
        dynamo.transactWriteItems(b -> b.clientRequestToken(token).transactItems(increment));

        // then
        assertEquals("2", get(table, key("idem-expiry", "1")).get("n").n());
    }

    @Test
    void aGetTransactionReadsItemsInRequestOrder() {
        // given
        put(table, item("PK", s("tget"), "SK", s("1"), "v", s("one"), "w", s("x")));
        put(table, item("PK", s("tget"), "SK", s("2"), "v", s("two")));

        // when
        var read = dynamo.transactGetItems(b -> b.transactItems(
                TransactGetItem.builder().get(g -> g.tableName(table).key(key("tget", "2"))).build(),
                TransactGetItem.builder().get(g -> g.tableName(table).key(key("tget", "missing"))).build(),
                TransactGetItem.builder().get(g -> g.tableName(table).key(key("tget", "1")).projectionExpression("v")).build()));

        // then
        assertEquals("two", read.responses().get(0).item().get("v").s());
        assertEquals(true, read.responses().get(1).item() == null || read.responses().get(1).item().isEmpty());
        assertEquals(Map.of("v", s("one")), read.responses().get(2).item());
        invalid("multiple operations on one item", () -> dynamo.transactGetItems(b -> b.transactItems(
                TransactGetItem.builder().get(g -> g.tableName(table).key(key("tget", "1"))).build(),
                TransactGetItem.builder().get(g -> g.tableName(table).key(key("tget", "1"))).build())));
    }
}
