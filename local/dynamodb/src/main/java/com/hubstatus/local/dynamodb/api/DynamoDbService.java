package com.hubstatus.local.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.local.dynamodb.storage.Storage;
import com.hubstatus.local.dynamodb.storage.Table;
import com.hubstatus.local.dynamodb.value.Value;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * DynamoDB's operations over the engine's storage. Concurrency: every write (and TransactGetItems)
 * runs under one lock, so conditions are checked and items written with nothing in between, and a
 * transaction is all or nothing to everyone; other reads take no lock and read MVStore's
 * copy-on-write maps, each of which a read sees as of one moment (like DynamoDB, a Query may see
 * some of a transaction's items and not others).
 */
public final class DynamoDbService {

    /** Items whose time to live is further in the past than this are left alone, as DynamoDB does. */
    static final Duration TTL_HORIZON = Duration.ofDays(5 * 365);

    private final Storage storage;
    private final Clock clock;
    private final ReentrantLock writes = new ReentrantLock();
    private final Meter meter = new Meter();
    private final TableOperations tables = new TableOperations(this);
    private final ItemOperations items = new ItemOperations(this);
    private final ReadOperations reads = new ReadOperations(this);
    private final BatchOperations batches = new BatchOperations(this);
    private final TransactionOperations transactions = new TransactionOperations(this);

    public DynamoDbService(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /**
     * Runs one operation.
     *
     * @param operation the part of X-Amz-Target after {@code DynamoDB_20120810.}
     * @param body      the request body
     * @param region    the region the request was signed for, for ARNs
     * @throws ApiException what DynamoDB would answer as an error
     */
    public ObjectNode call(String operation, JsonNode body, String region) {
        Meter.began();
        boolean refusedWrite = false;
        try {
            return run(operation, body, region);
        } catch (ApiException e) {
            refusedWrite = e.type() == ApiException.ErrorType.CONDITIONAL_CHECK_FAILED;
            throw e;
        } finally {
            meter.ended(operation, refusedWrite);
        }
    }

    /** What the engine has served, as on-demand capacity would bill it. */
    public Meter meter() {
        return meter;
    }

    private ObjectNode run(String operation, JsonNode body, String region) {
        Request request = new Request(body, operation);
        return switch (operation) {
            case "CreateTable" -> tables.createTable(request, region);
            case "DescribeTable" -> tables.describeTable(request, region);
            case "DeleteTable" -> tables.deleteTable(request, region);
            case "ListTables" -> tables.listTables(request);
            case "UpdateTimeToLive" -> tables.updateTimeToLive(request);
            case "DescribeTimeToLive" -> tables.describeTimeToLive(request);
            case "GetItem" -> items.getItem(request);
            case "PutItem" -> items.putItem(request);
            case "UpdateItem" -> items.updateItem(request);
            case "DeleteItem" -> items.deleteItem(request);
            case "Query" -> reads.query(request);
            case "Scan" -> reads.scan(request);
            case "BatchGetItem" -> batches.batchGetItem(request);
            case "BatchWriteItem" -> batches.batchWriteItem(request);
            case "TransactWriteItems" -> transactions.transactWriteItems(request);
            case "TransactGetItems" -> transactions.transactGetItems(request);
            default -> throw new ApiException(ApiException.ErrorType.UNKNOWN_OPERATION,
                    "This engine does not implement the operation " + operation);
        };
    }

    /**
     * Deletes the items whose time to live has passed by the engine's clock, in every table with
     * TTL enabled; returns how many it deleted.
     */
    public int expireItems() {
        long now = clock.instant().getEpochSecond();
        long oldest = clock.instant().minus(TTL_HORIZON).getEpochSecond();
        int deleted = 0;
        for (Table table : storage.allTables()) {
            if (table.schema().ttlAttribute() == null) {
                continue;
            }
            List<Map<String, Value>> expired = table.expiredKeys(oldest, now);
            if (expired.isEmpty()) {
                continue;
            }
            String attribute = table.schema().ttlAttribute();
            deleted += writing(() -> {
                int count = 0;
                for (Map<String, Value> key : expired) {
                    // Written again since it was listed? Then its new time decides.
                    Map<String, Value> item = storage.table(table.schema().name()) == table ? table.get(key) : null;
                    if (item != null && item.get(attribute) instanceof Value.N time
                            && time.value().compareTo(BigDecimal.valueOf(now)) < 0
                            && time.value().compareTo(BigDecimal.valueOf(oldest)) >= 0) {
                        table.delete(key);
                        count++;
                    }
                }
                return count;
            });
        }
        return deleted;
    }

    <T> T writing(Supplier<T> write) {
        writes.lock();
        try {
            return write.get();
        } finally {
            writes.unlock();
        }
    }

    /** The table a request names, the request refused first if it uses a legacy parameter. */
    Table tableOf(Request request) {
        Table table = table(request.tableName());
        ItemOperations.refuseLegacy(request);
        return table;
    }

    Table table(String name) {
        Table table = storage.table(name);
        if (table == null) {
            throw ApiException.tableNotFound(name);
        }
        return table;
    }

    Storage storage() {
        return storage;
    }

    Clock clock() {
        return clock;
    }
}
