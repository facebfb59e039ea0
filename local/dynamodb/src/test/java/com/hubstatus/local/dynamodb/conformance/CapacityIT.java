package com.hubstatus.local.dynamodb.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ConsumedCapacity as the developer guide computes it: a read unit per 4 KB (half for an
 * eventually consistent read), a write unit per 1 KB, each index write counted on its index, and
 * transactions at twice the cost.
 */
class CapacityIT extends Conformance {

    static String table;
    static String indexed;

    @BeforeAll
    static void createTables() {
        table = keyedTable("capacity");
        indexed = table("capacity-gsi", t -> t.attributeDefinitions(attribute("PK", "S"), attribute("SK", "S"), attribute("G1", "S"))
                .keySchema(hash("PK"), range("SK"))
                .globalSecondaryIndexes(TablesIT.gsi("by-g1", "G1", null, TablesIT.projection(ProjectionType.ALL))));
    }

    /** "PK"+pk, "SK"+sk and "data"+data: an item of 2+len(pk) + 2+len(sk) + 4+len(data) bytes. */
    private static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> sized(String pk, String sk, int dataLength) {
        return item("PK", s(pk), "SK", s(sk), "data", s("x".repeat(dataLength)));
    }

    @Test
    void aGetCostsAReadUnitPer4KbAndHalfWhenEventuallyConsistent() {
        // given: 2+2 + 2+1 + 4+5000 = 5011 bytes
        put(table, sized("c1", "1", 5000));

        // when
        ConsumedCapacity strong = dynamo.getItem(b -> b.tableName(table).key(key("c1", "1")).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        ConsumedCapacity eventual = dynamo.getItem(b -> b.tableName(table).key(key("c1", "1"))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        ConsumedCapacity missing = dynamo.getItem(b -> b.tableName(table).key(key("c1", "none")).consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();

        // then
        assertEquals(table, strong.tableName());
        assertEquals(2.0, strong.capacityUnits());
        assertEquals(1.0, eventual.capacityUnits());
        assertEquals(1.0, missing.capacityUnits());
    }

    @Test
    void aWriteCostsAWriteUnitPerKbOnTheTableAndOnEachIndexItReaches() {
        // when: 2+2 + 2+1 + 2+1 + 4+1500 = 1514 bytes
        ConsumedCapacity plain = dynamo.putItem(b -> b.tableName(table).item(sized("c2", "1", 1500))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        var withIndex = new java.util.LinkedHashMap<>(sized("c2", "1", 1500));
        withIndex.put("G1", s("g"));
        ConsumedCapacity indexes = dynamo.putItem(b -> b.tableName(indexed).item(withIndex)
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        ConsumedCapacity small = dynamo.putItem(b -> b.tableName(table).item(key("c2", "small"))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();

        // then
        assertEquals(2.0, plain.capacityUnits());
        assertEquals(4.0, indexes.capacityUnits());
        assertEquals(2.0, indexes.table().capacityUnits());
        assertEquals(2.0, indexes.globalSecondaryIndexes().get("by-g1").capacityUnits());
        assertEquals(1.0, small.capacityUnits());
    }

    @Test
    void aQueryCostsReadUnitsForEverythingItReadTogether() {
        // given: ten items of 2+2 + 2+2 + 4+1000 = 1012 bytes, 10,120 bytes in all
        for (int i = 0; i < 10; i++) {
            put(table, sized("c3", String.format("%02d", i), 1000));
        }

        // when
        ConsumedCapacity strong = dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :p").consistentRead(true)
                .expressionAttributeValues(values(":p", s("c3"))).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        ConsumedCapacity eventual = dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :p")
                .expressionAttributeValues(values(":p", s("c3"))).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();

        // then
        assertEquals(3.0, strong.capacityUnits());
        assertEquals(1.5, eventual.capacityUnits());
    }

    @Test
    void aBatchGetCountsEachItemAndATransactionCostsTwice() {
        // given
        put(table, key("c4", "1"));
        put(table, key("c4", "2"));

        // when
        var batch = dynamo.batchGetItem(b -> b.requestItems(Map.of(table, KeysAndAttributes.builder()
                .keys(key("c4", "1"), key("c4", "2"), key("c4", "3")).consistentRead(true).build()))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        var transactWrite = dynamo.transactWriteItems(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).transactItems(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(key("c4", "3"))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(key("c4", "4"))).build()));
        var transactGet = dynamo.transactGetItems(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).transactItems(
                TransactGetItem.builder().get(g -> g.tableName(table).key(key("c4", "1"))).build(),
                TransactGetItem.builder().get(g -> g.tableName(table).key(key("c4", "2"))).build()));

        // then
        assertEquals(3.0, batch.consumedCapacity().getFirst().capacityUnits());
        assertEquals(4.0, transactWrite.consumedCapacity().getFirst().capacityUnits());
        assertEquals(4.0, transactGet.consumedCapacity().getFirst().capacityUnits());
    }
}
