package com.hubstatus.local.dynamodb.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BatchWriteItem and BatchGetItem: what they write and read, and their limits. */
class BatchIT extends Conformance {

    static String table;
    static String other;

    @BeforeAll
    static void createTables() {
        table = keyedTable("batch");
        other = keyedTable("batch-other");
    }

    private static WriteRequest putRequest(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(p -> p.item(item)).build();
    }

    private static WriteRequest deleteRequest(Map<String, AttributeValue> key) {
        return WriteRequest.builder().deleteRequest(d -> d.key(key)).build();
    }

    @Test
    void aBatchWritesAndDeletesAcrossTablesAndABatchGetReadsThemBack() {
        // given
        put(table, key("gone", "1"));
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            writes.add(putRequest(item("PK", s("batch"), "SK", s("" + i), "v", n("" + i))));
        }
        writes.add(deleteRequest(key("gone", "1")));

        // when
        var written = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, writes,
                other, List.of(putRequest(key("o", "1")), putRequest(key("o", "2"))))));
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            keys.add(key("batch", "" + i));
        }
        keys.add(key("batch", "not-there"));
        BatchGetItemResponse read = dynamo.batchGetItem(b -> b.requestItems(Map.of(
                table, KeysAndAttributes.builder().keys(keys).projectionExpression("SK, v").consistentRead(true).build(),
                other, KeysAndAttributes.builder().keys(key("o", "1"), key("o", "2")).build())));

        // then
        assertTrue(written.unprocessedItems().isEmpty());
        assertNull(get(table, key("gone", "1")));
        assertEquals(20, read.responses().get(table).size());
        assertEquals(Set.of("SK", "v"), read.responses().get(table).getFirst().keySet());
        assertEquals(2, read.responses().get(other).size());
        assertTrue(read.unprocessedKeys().isEmpty());
        Set<String> values = new HashSet<>();
        read.responses().get(table).forEach(i -> values.add(i.get("v").n()));
        assertEquals(20, values.size());
    }

    @Test
    void aBatchWriteHoldsAtMost25RequestsAndNoKeyTwice() {
        // given
        List<WriteRequest> tooMany = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            tooMany.add(putRequest(key("many", "" + i)));
        }

        // then
        fails("ValidationException", () -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, tooMany))));
        invalid("duplicates", () -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(table,
                List.of(putRequest(key("dup", "1")), deleteRequest(key("dup", "1")))))));
        fails("ResourceNotFoundException", () -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(table + "-missing",
                List.of(putRequest(key("x", "1")))))));
        fails("ValidationException", () -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(table,
                List.of(putRequest(item("PK", s("no sort key"))))))));
        assertNull(get(table, key("many", "0")), "a refused batch writes nothing");
    }

    @Test
    void aBatchGetHoldsAtMost100KeysAndNoKeyTwice() {
        // given
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            keys.add(key("k", "" + i));
        }

        // then
        fails("ValidationException", () -> dynamo.batchGetItem(b -> b.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(keys).build()))));
        invalid("duplicates", () -> dynamo.batchGetItem(b -> b.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(key("k", "1"), key("k", "1")).build()))));
        fails("ValidationException", () -> dynamo.batchGetItem(b -> b.requestItems(Map.of(table,
                KeysAndAttributes.builder().keys(item("PK", s("k"))).build()))));
    }
}
