package com.hubstatus.local.dynamodb.storage;

import com.hubstatus.local.dynamodb.value.ItemSize;
import com.hubstatus.local.dynamodb.value.Value;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A table keeps each secondary index's size exact as items are written, replaced and deleted. */
class IndexSizeTest {

    private static final String SCHEMA = """
            {"name":"sizes","storageId":"s1","tableId":"t1",
             "keys":{"hash":"PK","hashType":"S","range":"SK","rangeType":"S"},
             "attributeDefinitions":{"PK":"S","SK":"S","G":"S"},
             "indexes":[
               {"name":"keys-only","global":true,"keys":{"hash":"G","hashType":"S"},"projectionType":"KEYS_ONLY",
                "nonKeyAttributes":[],"readCapacity":0,"writeCapacity":0},
               {"name":"all","global":true,"keys":{"hash":"G","hashType":"S"},"projectionType":"ALL",
                "nonKeyAttributes":[],"readCapacity":0,"writeCapacity":0}],
             "billingMode":"PAY_PER_REQUEST","readCapacity":0,"writeCapacity":0,"createdAtMillis":0}
            """;

    private final Storage storage = Storage.open(null);
    private final Table table = storage.create(SchemaJson.read(SCHEMA));
    private final MVStore spare = new MVStore.Builder().open();

    @AfterEach
    void close() {
        storage.close();
        spare.close();
    }

    @Test
    void anIndexsSizeIsItsEntriesKeysAndProjectedAttributes() {
        // given an item in both indexes, and one in neither (no G)
        Map<String, Value> indexed = item("a", "1", "g1", "x".repeat(300));
        table.put(indexed);
        table.put(item("a", "2", null, "y".repeat(500)));

        // then the keys-only index holds the table's and its own keys; the other one the whole item
        assertEquals(ItemSize.of(keysOf(indexed)), table.indexSizeBytes("keys-only"));
        assertEquals(ItemSize.of(indexed), table.indexSizeBytes("all"));
        assertEquals(sizeOfEntries("all"), table.indexSizeBytes("all"));
    }

    @Test
    void replacingAndDeletingItemsKeepsTheSizesExact() {
        // given
        table.put(item("a", "1", "g1", "x".repeat(300)));
        table.put(item("a", "2", "g2", "z".repeat(50)));

        // when an item grows, another leaves an index by losing its key, and one is deleted
        table.put(item("a", "1", "g1", "x".repeat(900)));
        table.put(item("a", "2", null, "z".repeat(50)));
        table.put(item("b", "3", "g3", "w"));
        table.delete(Map.of("PK", Value.s("b"), "SK", Value.s("3")));

        // then
        for (String index : List.of("keys-only", "all")) {
            assertEquals(sizeOfEntries(index), table.indexSizeBytes(index), index);
        }
        assertEquals(ItemSize.of(item("a", "1", "g1", "x".repeat(900))), table.indexSizeBytes("all"));
    }

    @Test
    void aTableOpenedOnStoredIndexesCountsWhatTheyHold() {
        // given
        table.put(item("a", "1", "g1", "x".repeat(300)));
        table.put(item("a", "2", "g2", "y".repeat(20)));
        long keysOnly = table.indexSizeBytes("keys-only");
        long all = table.indexSizeBytes("all");

        // when the same maps are opened again, as after a restart
        Table reopened = new Table(table.schema(), table.items(),
                Map.of("keys-only", table.index("keys-only"), "all", table.index("all")), emptyExpiries());

        // then
        assertEquals(keysOnly, reopened.indexSizeBytes("keys-only"));
        assertEquals(all, reopened.indexSizeBytes("all"));
    }

    private long sizeOfEntries(String index) {
        return table.index(index).values().stream().mapToLong(ItemSize::of).sum();
    }

    private static Map<String, Value> item(String pk, String sk, String g, String payload) {
        Map<String, Value> item = new LinkedHashMap<>();
        item.put("PK", Value.s(pk));
        item.put("SK", Value.s(sk));
        if (g != null) {
            item.put("G", Value.s(g));
        }
        item.put("payload", Value.s(payload));
        return item;
    }

    private static Map<String, Value> keysOf(Map<String, Value> item) {
        return Map.of("PK", item.get("PK"), "SK", item.get("SK"), "G", item.get("G"));
    }

    private MVMap<byte[], byte[]> emptyExpiries() {
        return spare.openMap("expiries");
    }
}
