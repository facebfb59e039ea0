package com.hubstatus.local.dynamodb.conformance;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CreateTable, DescribeTable, DeleteTable and ListTables, and what CreateTable refuses. */
class TablesIT extends Conformance {

    static GlobalSecondaryIndex gsi(String name, String hashKey, String rangeKey, Projection projection) {
        GlobalSecondaryIndex.Builder index = GlobalSecondaryIndex.builder().indexName(name).projection(projection);
        index.keySchema(rangeKey == null ? List.of(hash(hashKey)) : List.of(hash(hashKey), range(rangeKey)));
        return index.build();
    }

    static LocalSecondaryIndex lsi(String name, String hashKey, String rangeKey, Projection projection) {
        return LocalSecondaryIndex.builder().indexName(name).keySchema(hash(hashKey), range(rangeKey)).projection(projection).build();
    }

    static Projection projection(ProjectionType type, String... nonKeyAttributes) {
        Projection.Builder projection = Projection.builder().projectionType(type);
        if (nonKeyAttributes.length > 0) {
            projection.nonKeyAttributes(nonKeyAttributes);
        }
        return projection.build();
    }

    @Test
    void aTableIsDescribedWithItsKeysIndexesAndProjectionsAndIsActive() {
        // given
        String name = table("describe", t -> t
                .attributeDefinitions(attribute("PK", "S"), attribute("SK", "N"), attribute("L1", "S"),
                        attribute("G1", "S"), attribute("G2", "B"))
                .keySchema(hash("PK"), range("SK"))
                .localSecondaryIndexes(lsi("by-l1", "PK", "L1", projection(ProjectionType.INCLUDE, "a", "b")))
                .globalSecondaryIndexes(
                        gsi("by-g1", "G1", null, projection(ProjectionType.KEYS_ONLY)),
                        gsi("by-g1-g2", "G1", "G2", projection(ProjectionType.ALL))));

        // when
        TableDescription table = dynamo.describeTable(b -> b.tableName(name)).table();

        // then
        assertEquals(name, table.tableName());
        assertEquals(TableStatus.ACTIVE, table.tableStatus());
        assertEquals(List.of(hash("PK"), range("SK")), table.keySchema());
        assertEquals(5, table.attributeDefinitions().size());
        assertTrue(table.attributeDefinitions().contains(attribute("SK", "N")));
        assertTrue(table.tableArn().endsWith(":table/" + name), table.tableArn());
        assertNotNull(table.creationDateTime());
        assertEquals(BillingMode.PAY_PER_REQUEST, table.billingModeSummary().billingMode());
        assertEquals(0L, table.itemCount());

        LocalSecondaryIndexDescription local = table.localSecondaryIndexes().getFirst();
        assertEquals("by-l1", local.indexName());
        assertEquals(List.of(hash("PK"), range("L1")), local.keySchema());
        assertEquals(ProjectionType.INCLUDE, local.projection().projectionType());
        assertEquals(List.of("a", "b"), local.projection().nonKeyAttributes());

        assertEquals(2, table.globalSecondaryIndexes().size());
        for (GlobalSecondaryIndexDescription global : table.globalSecondaryIndexes()) {
            assertEquals(IndexStatus.ACTIVE, global.indexStatus());
        }
        GlobalSecondaryIndexDescription keysOnly = table.globalSecondaryIndexes().stream()
                .filter(i -> i.indexName().equals("by-g1")).findFirst().orElseThrow();
        assertEquals(List.of(hash("G1")), keysOnly.keySchema());
        assertEquals(ProjectionType.KEYS_ONLY, keysOnly.projection().projectionType());
    }

    @Test
    void aProvisionedTableKeepsItsThroughput() {
        // given
        String name = table("provisioned", t -> t.billingMode(BillingMode.PROVISIONED)
                .attributeDefinitions(attribute("id", "S")).keySchema(hash("id"))
                .provisionedThroughput(p -> p.readCapacityUnits(2L).writeCapacityUnits(3L)));

        // when
        TableDescription table = dynamo.describeTable(b -> b.tableName(name)).table();

        // then
        assertEquals(2L, table.provisionedThroughput().readCapacityUnits());
        assertEquals(3L, table.provisionedThroughput().writeCapacityUnits());
    }

    @Test
    void aTableNameIsTakenOnceAndAMissingTableIsNotFound() {
        // given
        String name = keyedTable("taken");

        // then
        fails("ResourceInUseException", () -> dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("PK", "S")).keySchema(hash("PK"))));
        fails("ResourceNotFoundException", () -> dynamo.describeTable(b -> b.tableName(name + "-missing")));
        fails("ResourceNotFoundException", () -> dynamo.getItem(b -> b.tableName(name + "-missing").key(key("a", "b"))));
        fails("ResourceNotFoundException", () -> dynamo.deleteTable(b -> b.tableName(name + "-missing")));
    }

    @Test
    void aDeletedTableIsGoneAndItsNameFreeAgain() {
        // given
        String name = keyedTable("deleted");
        put(name, key("a", "b"));

        // when
        TableDescription deleted = dynamo.deleteTable(b -> b.tableName(name)).tableDescription();
        dynamo.waiter().waitUntilTableNotExists(b -> b.tableName(name));

        // then
        assertEquals(name, deleted.tableName());
        fails("ResourceNotFoundException", () -> dynamo.describeTable(b -> b.tableName(name)));
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("PK", "S"), attribute("SK", "S")).keySchema(hash("PK"), range("SK")));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
        assertEquals(null, get(name, key("a", "b")), "a table created again starts empty");
    }

    @Test
    void listTablesPagesInNameOrder() {
        // given
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(keyedTable("list"));
        }

        // when
        List<String> seen = new ArrayList<>();
        String start = null;
        int pages = 0;
        do {
            String from = start;
            ListTablesResponse page = dynamo.listTables(b -> b.limit(2).exclusiveStartTableName(from));
            assertTrue(page.tableNames().size() <= 2);
            seen.addAll(page.tableNames());
            start = page.lastEvaluatedTableName();
            pages++;
        } while (start != null && pages < 1000);

        // then
        assertTrue(seen.containsAll(mine), seen.toString());
        assertEquals(seen.stream().sorted().toList(), seen, "names come in order");
    }

    @Test
    void createTableRefusesKeySchemasAndDefinitionsThatDoNotAgree() {
        invalid("AttributeDefinitions", () -> dynamo.createTable(base("undefined")
                .attributeDefinitions(attribute("PK", "S")).keySchema(hash("PK"), range("SK")).build()));
        invalid("AttributeDefinitions", () -> dynamo.createTable(base("unused")
                .attributeDefinitions(attribute("PK", "S"), attribute("extra", "S")).keySchema(hash("PK")).build()));
        fails("ValidationException", () -> dynamo.createTable(base("range-first")
                .attributeDefinitions(attribute("PK", "S"), attribute("SK", "S")).keySchema(range("SK"), hash("PK")).build()));
        invalid("range key", () -> dynamo.createTable(base("lsi-no-range")
                .attributeDefinitions(attribute("PK", "S"), attribute("L1", "S")).keySchema(hash("PK"))
                .localSecondaryIndexes(lsi("by-l1", "PK", "L1", projection(ProjectionType.ALL))).build()));
        invalid("PAY_PER_REQUEST", () -> dynamo.createTable(base("ppr-throughput")
                .attributeDefinitions(attribute("PK", "S")).keySchema(hash("PK"))
                .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L)).build()));
        fails("ValidationException", () -> dynamo.createTable(base("x").tableName("ab")
                .attributeDefinitions(attribute("PK", "S")).keySchema(hash("PK")).build()));
    }

    @Test
    void theWaiterSeesANewTableActive() {
        // when
        String name = keyedTable("waiter");

        // then
        assertFalse(dynamo.describeTable(b -> b.tableName(name)).table().tableStatusAsString().isEmpty());
        assertEquals(TableStatus.ACTIVE, dynamo.describeTable(b -> b.tableName(name)).table().tableStatus());
    }

    private static CreateTableRequest.Builder base(String purpose) {
        return CreateTableRequest.builder().tableName(uniqueName(purpose)).billingMode(BillingMode.PAY_PER_REQUEST);
    }
}
