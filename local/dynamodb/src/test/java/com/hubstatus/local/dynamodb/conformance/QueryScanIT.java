package com.hubstatus.local.dynamodb.conformance;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Query and Scan: key order for S, N and B sort keys, key conditions, paging by Limit and by
 * 1 MB with LastEvaluatedKey, Count and ScannedCount around filters, sparse and local indexes.
 */
class QueryScanIT extends Conformance {

    private static void writeAll(String table, List<Map<String, AttributeValue>> items) {
        for (int i = 0; i < items.size(); i += 25) {
            List<WriteRequest> batch = items.subList(i, Math.min(i + 25, items.size())).stream()
                    .map(item -> WriteRequest.builder().putRequest(p -> p.item(item)).build()).toList();
            Map<String, List<WriteRequest>> request = Map.of(table, batch);
            while (!request.isEmpty()) {
                Map<String, List<WriteRequest>> current = request;
                var response = dynamo.batchWriteItem(b -> b.requestItems(current));
                request = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    private static List<QueryResponse> allPages(Consumer<QueryRequest.Builder> query) {
        List<QueryResponse> pages = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder();
            query.accept(request);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(request.build());
            pages.add(page);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && pages.size() < 1000);
        return pages;
    }

    private static List<String> sortKeys(QueryResponse response, String attribute) {
        return response.items().stream().map(i -> {
            AttributeValue value = i.get(attribute);
            return value.s() != null ? value.s() : value.n() != null ? value.n() : java.util.HexFormat.of().formatHex(value.b().asByteArray());
        }).toList();
    }

    @Test
    void stringSortKeysOrderByTheirUtf8Bytes() {
        // given: U+FF5E sorts before U+1D11E in UTF-8, after it in UTF-16
        String table = keyedTable("order-s");
        List<String> expected = List.of("A", "B", "a", "ab", "b", "é", "～", "𝄞");
        for (String sk : List.of("𝄞", "b", "～", "a", "B", "é", "ab", "A")) {
            put(table, key("p", sk));
        }

        // when
        QueryResponse forward = dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :p")
                .expressionAttributeValues(values(":p", s("p"))));
        QueryResponse backward = dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :p")
                .expressionAttributeValues(values(":p", s("p"))).scanIndexForward(false));

        // then
        assertEquals(expected, sortKeys(forward, "SK"));
        assertEquals(expected.reversed(), sortKeys(backward, "SK"));
    }

    @Test
    void numberSortKeysOrderByValue() {
        // given
        String table = table("order-n", t -> t.attributeDefinitions(attribute("PK", "S"), attribute("SK", "N")).keySchema(hash("PK"), range("SK")));
        List<String> expected = List.of("-10000000000", "-10", "-2.5", "-1", "-0.001", "0", "0.001", "0.5", "1", "2", "10", "123.45", "10000000000");
        List<String> shuffled = new ArrayList<>(expected);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        shuffled.forEach(sk -> put(table, item("PK", s("p"), "SK", n(sk))));

        // when
        QueryResponse all = dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :p").expressionAttributeValues(values(":p", s("p"))));
        QueryResponse between = dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :p AND SK BETWEEN :lo AND :hi")
                .expressionAttributeValues(values(":p", s("p"), ":lo", n("-1"), ":hi", n("1"))));

        // then
        assertEquals(expected, sortKeys(all, "SK"));
        assertEquals(List.of("-1", "-0.001", "0", "0.001", "0.5", "1"), sortKeys(between, "SK"));
    }

    @Test
    void binarySortKeysOrderByUnsignedBytes() {
        // given
        String table = table("order-b", t -> t.attributeDefinitions(attribute("PK", "S"), attribute("SK", "B")).keySchema(hash("PK"), range("SK")));
        for (int[] sk : List.of(new int[] {0xFF}, new int[] {0x00, 0x00}, new int[] {0x7F}, new int[] {0x00},
                new int[] {0x80}, new int[] {0x01})) {
            put(table, item("PK", s("p"), "SK", b(sk)));
        }

        // when
        QueryResponse all = dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :p").expressionAttributeValues(values(":p", s("p"))));

        // then
        assertEquals(List.of("00", "0000", "01", "7f", "80", "ff"), sortKeys(all, "SK"));
    }

    @Test
    void keyConditionsSelectARangeOfTheSortKey() {
        // given
        String table = keyedTable("conditions");
        for (String sk : List.of("a#1", "a#2", "b#1", "b#2", "c")) {
            put(table, key("p", sk));
        }
        put(table, key("other", "a#1"));

        // then
        assertEquals(List.of("b#1", "b#2"), range(table, "SK BETWEEN :x AND :y", ":x", s("b"), ":y", s("b#9")));
        assertEquals(List.of("a#1", "a#2"), range(table, "begins_with(SK, :x)", ":x", s("a#")));
        assertEquals(List.of("a#1", "a#2"), range(table, "SK < :x", ":x", s("b")));
        assertEquals(List.of("a#1", "a#2", "b#1"), range(table, "SK <= :x", ":x", s("b#1")));
        assertEquals(List.of("b#2", "c"), range(table, "SK > :x", ":x", s("b#1")));
        assertEquals(List.of("b#1", "b#2", "c"), range(table, "SK >= :x", ":x", s("b#1")));
        assertEquals(List.of("c"), range(table, "SK = :x", ":x", s("c")));
    }

    private static List<String> range(String table, String sortCondition, String name, AttributeValue value, Object... more) {
        Map<String, AttributeValue> values = new java.util.LinkedHashMap<>(values(":p", s("p"), name, value));
        values.putAll(values(more));
        return sortKeys(dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :p AND " + sortCondition)
                .expressionAttributeValues(values)), "SK");
    }

    @Test
    void keyConditionsAreCheckedAgainstTheKeySchema() {
        // given
        String table = keyedTable("key-errors");

        // then
        fails("ValidationException", () -> dynamo.query(b -> b.tableName(table).keyConditionExpression("SK = :v")
                .expressionAttributeValues(values(":v", s("x")))));
        fails("ValidationException", () -> dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :v OR SK = :v")
                .expressionAttributeValues(values(":v", s("x")))));
        fails("ValidationException", () -> dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :v AND other = :v")
                .expressionAttributeValues(values(":v", s("x")))));
        fails("ValidationException", () -> dynamo.query(b -> b.tableName(table).keyConditionExpression("PK < :v")
                .expressionAttributeValues(values(":v", s("x")))));
        fails("ValidationException", () -> dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :v")
                .expressionAttributeValues(values(":v", n("1")))));
        invalid("KeyConditions or KeyConditionExpression", () -> dynamo.query(b -> b.tableName(table)));
        invalid("primary key attribute", () -> dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :v")
                .filterExpression("SK = :v").expressionAttributeValues(values(":v", s("x")))));
    }

    @Test
    void pagesEndAtLimitAndCountWhatMatchedAndWhatWasRead() {
        // given: ten items, the filter keeps the even ones
        String table = keyedTable("paging");
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(item("PK", s("p"), "SK", s(String.format("%02d", i)), "even", bool(i % 2 == 0)));
        }
        writeAll(table, items);

        // when
        List<QueryResponse> pages = allPages(q -> q.tableName(table).keyConditionExpression("PK = :p").filterExpression("even = :t")
                .expressionAttributeValues(values(":p", s("p"), ":t", bool(true))).limit(3));

        // then
        List<String> found = new ArrayList<>();
        int scanned = 0;
        for (QueryResponse page : pages) {
            assertTrue(page.scannedCount() <= 3);
            assertEquals(page.items().size(), page.count());
            found.addAll(sortKeys(page, "SK"));
            scanned += page.scannedCount();
        }
        assertEquals(List.of("00", "02", "04", "06", "08"), found);
        assertEquals(10, scanned, "ScannedCount counts what was read before the filter");
        assertTrue(pages.getFirst().hasLastEvaluatedKey());
        assertEquals(key("p", "02"), pages.getFirst().lastEvaluatedKey());
        QueryResponse whole = dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :p")
                .expressionAttributeValues(values(":p", s("p"))));
        assertFalse(whole.hasLastEvaluatedKey() && !whole.lastEvaluatedKey().isEmpty(), "a page that read everything has no LastEvaluatedKey");
        QueryResponse count = dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :p").filterExpression("even = :t")
                .expressionAttributeValues(values(":p", s("p"), ":t", bool(true))).select(Select.COUNT));
        assertEquals(5, count.count());
        assertEquals(10, count.scannedCount());
        assertTrue(count.items() == null || count.items().isEmpty());
        fails("ValidationException", () -> dynamo.query(b -> b.tableName(table).keyConditionExpression("PK = :p")
                .expressionAttributeValues(values(":p", s("p"))).limit(0)));
    }

    @Test
    void aPageEndsAfterOneMegabyteRead() {
        // given: six items of 300 KB each
        String table = keyedTable("megabyte");
        String payload = "x".repeat(300 * 1024);
        for (int i = 0; i < 6; i++) {
            put(table, item("PK", s("p"), "SK", s("" + i), "payload", s(payload)));
        }

        // when
        List<QueryResponse> pages = allPages(q -> q.tableName(table).keyConditionExpression("PK = :p")
                .expressionAttributeValues(values(":p", s("p"))));

        // then
        assertTrue(pages.size() >= 2, "six 300 KB items need more than one page");
        assertTrue(pages.getFirst().count() < 6 && pages.getFirst().count() >= 3, "first page: " + pages.getFirst().count());
        assertEquals(6, pages.stream().mapToInt(QueryResponse::count).sum());
        ScanResponse scan = dynamo.scan(b -> b.tableName(table));
        assertTrue(scan.hasLastEvaluatedKey() && scan.count() < 6);
    }

    @Test
    void aQueryOfASparseIndexReadsOnlyTheItemsInIt() {
        // given: 300 items, 12 of which have the index's keys
        String table = table("sparse", t -> t.attributeDefinitions(attribute("PK", "S"), attribute("SK", "S"),
                        attribute("G1", "S"), attribute("G2", "S"))
                .keySchema(hash("PK"), range("SK"))
                .globalSecondaryIndexes(TablesIT.gsi("due", "G1", "G2", TablesIT.projection(ProjectionType.KEYS_ONLY))));
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<String, AttributeValue> item = new java.util.LinkedHashMap<>(item("PK", s("item-" + i), "SK", s("x"), "payload", s("p" + i)));
            if (i % 25 == 0) {
                item.put("G1", s("DUE"));
                item.put("G2", s(String.format("%03d", i)));
            }
            items.add(item);
        }
        writeAll(table, items);

        // when
        List<QueryResponse> pages = allPages(q -> q.tableName(table).indexName("due").keyConditionExpression("G1 = :due AND G2 <= :upTo")
                .expressionAttributeValues(values(":due", s("DUE"), ":upTo", s("200"))));

        // then
        int scanned = pages.stream().mapToInt(QueryResponse::scannedCount).sum();
        List<Map<String, AttributeValue>> found = pages.stream().flatMap(p -> p.items().stream()).toList();
        assertEquals(9, found.size());
        assertEquals(9, scanned, "only index entries in range are read");
        assertEquals(Set.of("PK", "SK", "G1", "G2"), found.getFirst().keySet(), "KEYS_ONLY projects the keys alone");
        assertEquals(List.of("000", "025", "050", "075", "100", "125", "150", "175", "200"),
                found.stream().map(i -> i.get("G2").s()).toList());
        fails("ValidationException", () -> dynamo.query(b -> b.tableName(table).indexName("due").consistentRead(true)
                .keyConditionExpression("G1 = :due").expressionAttributeValues(values(":due", s("DUE")))));
        fails("ValidationException", () -> dynamo.query(b -> b.tableName(table).indexName("due").select(Select.ALL_ATTRIBUTES)
                .keyConditionExpression("G1 = :due").expressionAttributeValues(values(":due", s("DUE")))));
        fails("ValidationException", () -> dynamo.query(b -> b.tableName(table).indexName("nosuch")
                .keyConditionExpression("G1 = :due").expressionAttributeValues(values(":due", s("DUE")))));
    }

    @Test
    void anIndexQueryPagesWithAStartKeyHoldingTheIndexAndTableKeys() {
        // given: five entries under one index key with equal sort values
        String table = table("index-paging", t -> t.attributeDefinitions(attribute("PK", "S"), attribute("SK", "S"), attribute("G1", "S"))
                .keySchema(hash("PK"), range("SK"))
                .globalSecondaryIndexes(TablesIT.gsi("by-g1", "G1", null, TablesIT.projection(ProjectionType.ALL))));
        for (int i = 0; i < 5; i++) {
            put(table, item("PK", s("item-" + i), "SK", s("x"), "G1", s("same")));
        }

        // when
        List<QueryResponse> pages = allPages(q -> q.tableName(table).indexName("by-g1").keyConditionExpression("G1 = :g")
                .expressionAttributeValues(values(":g", s("same"))).limit(2));

        // then
        Set<String> seen = new HashSet<>();
        pages.forEach(p -> p.items().forEach(i -> assertTrue(seen.add(i.get("PK").s()), "no entry twice")));
        assertEquals(5, seen.size());
        assertEquals(Set.of("PK", "SK", "G1"), pages.getFirst().lastEvaluatedKey().keySet());
    }

    @Test
    void aLocalIndexIsReadStronglyAndFetchesWhatItDoesNotProject() {
        // given
        String table = table("lsi", t -> t.attributeDefinitions(attribute("PK", "S"), attribute("SK", "S"), attribute("L1", "S"))
                .keySchema(hash("PK"), range("SK"))
                .localSecondaryIndexes(TablesIT.lsi("by-l1", "PK", "L1", TablesIT.projection(ProjectionType.INCLUDE, "kept"))));
        put(table, item("PK", s("p"), "SK", s("1"), "L1", s("b"), "kept", s("k1"), "other", s("o1")));
        put(table, item("PK", s("p"), "SK", s("2"), "L1", s("a"), "kept", s("k2"), "other", s("o2")));
        put(table, item("PK", s("p"), "SK", s("3"), "kept", s("not in the index")));

        // when
        QueryResponse projected = dynamo.query(b -> b.tableName(table).indexName("by-l1").consistentRead(true)
                .keyConditionExpression("PK = :p").expressionAttributeValues(values(":p", s("p"))));
        QueryResponse fetched = dynamo.query(b -> b.tableName(table).indexName("by-l1").consistentRead(true)
                .keyConditionExpression("PK = :p").expressionAttributeValues(values(":p", s("p"))).select(Select.ALL_ATTRIBUTES));

        // then
        assertEquals(List.of("2", "1"), sortKeys(projected, "SK"));
        assertEquals(Set.of("PK", "SK", "L1", "kept"), projected.items().getFirst().keySet());
        assertEquals("o2", fetched.items().getFirst().get("other").s());
    }

    @Test
    void aScanReadsEveryItemOnceAcrossSegmentsAndFiltersAfterReading() {
        // given
        String table = keyedTable("scan");
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            items.add(item("PK", s("p" + (i % 7)), "SK", s("s" + i), "n", n("" + i)));
        }
        writeAll(table, items);

        // when
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int segment = 0; segment < 3; segment++) {
            int part = segment;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page = dynamo.scan(b -> b.tableName(table).segment(part).totalSegments(3).limit(7).exclusiveStartKey(from));
                page.items().forEach(i -> seen.add(i.get("SK").s()));
                total += page.count();
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        ScanResponse filtered = dynamo.scan(b -> b.tableName(table).filterExpression("n >= :ten")
                .expressionAttributeValues(values(":ten", n("10"))));

        // then
        assertEquals(40, seen.size());
        assertEquals(40, total);
        assertEquals(30, filtered.count());
        assertEquals(40, filtered.scannedCount());
        fails("ValidationException", () -> dynamo.scan(b -> b.tableName(table).segment(3).totalSegments(3)));
        fails("ValidationException", () -> dynamo.scan(b -> b.tableName(table).segment(0)));
    }
}
