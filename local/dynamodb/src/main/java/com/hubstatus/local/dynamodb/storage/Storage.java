package com.hubstatus.local.dynamodb.storage;

import com.hubstatus.local.dynamodb.value.Value;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's tables in one H2 MVStore: in memory, or in a file that keeps them across restarts.
 * A catalog map holds each table's schema as JSON; each table has its own maps for items, indexes
 * and expiry times, named after a storage id that is new for every CreateTable, so a table deleted
 * and created again starts empty.
 */
public final class Storage implements AutoCloseable {

    public static final String FILE_NAME = "hubstatus-dynamodb.mv.db";

    private final MVStore store;
    private final MVMap<String, String> catalog;
    private final Map<String, Table> tables = new ConcurrentHashMap<>();

    private Storage(MVStore store) {
        this.store = store;
        this.catalog = store.openMap("catalog", new MVMap.Builder<String, String>()
                .keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
        for (Map.Entry<String, String> entry : catalog.entrySet()) {
            TableSchema schema = read(entry.getValue());
            tables.put(schema.name(), open(schema));
        }
    }

    /** Opens the store: in memory when {@code dataDir} is null, else in a file in that folder. */
    public static Storage open(Path dataDir) {
        MVStore.Builder builder = new MVStore.Builder();
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data folder " + dataDir, e);
            }
            builder.fileName(dataDir.resolve(FILE_NAME).toString());
        }
        return new Storage(builder.open());
    }

    public Table table(String name) {
        return tables.get(name);
    }

    public List<String> tableNames() {
        return tables.keySet().stream().sorted().toList();
    }

    public List<Table> allTables() {
        return List.copyOf(tables.values());
    }

    /** Creates the table's maps and records it; the caller has checked that no table has the name. */
    public Table create(TableSchema schema) {
        Table table = open(schema);
        catalog.put(schema.name(), write(schema));
        tables.put(schema.name(), table);
        return table;
    }

    public void drop(String name) {
        Table table = tables.remove(name);
        catalog.remove(name);
        if (table != null) {
            String id = table.schema().storageId();
            store.removeMap(itemsName(id));
            store.removeMap(expiriesName(id));
            for (IndexSchema index : table.schema().indexes()) {
                store.removeMap(indexName(id, index.name()));
            }
        }
    }

    /** Records a changed schema (time to live switched on or off). */
    public void update(Table table, TableSchema schema) {
        table.schema(schema);
        catalog.put(schema.name(), write(schema));
    }

    private Table open(TableSchema schema) {
        String id = schema.storageId();
        MVMap<byte[], Map<String, Value>> items = store.openMap(itemsName(id), itemMap());
        Map<String, MVMap<byte[], Map<String, Value>>> indexes = new LinkedHashMap<>();
        for (IndexSchema index : schema.indexes()) {
            indexes.put(index.name(), store.openMap(indexName(id, index.name()), itemMap()));
        }
        MVMap<byte[], byte[]> expiries = store.openMap(expiriesName(id),
                new MVMap.Builder<byte[], byte[]>().keyType(ByteArrayDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        return new Table(schema, items, indexes, expiries);
    }

    private static MVMap.Builder<byte[], Map<String, Value>> itemMap() {
        return new MVMap.Builder<byte[], Map<String, Value>>().keyType(ByteArrayDataType.INSTANCE).valueType(ItemDataType.INSTANCE);
    }

    private static String itemsName(String id) {
        return "items/" + id;
    }

    private static String indexName(String id, String index) {
        return "index/" + id + "/" + index;
    }

    private static String expiriesName(String id) {
        return "expiries/" + id;
    }

    private static String write(TableSchema schema) {
        return SchemaJson.write(schema);
    }

    private static TableSchema read(String json) {
        try {
            return SchemaJson.read(json);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the catalog holds a schema this engine cannot read: " + json, e);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
