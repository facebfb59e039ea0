package com.hubstatus.local.dynamodb.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many clients at once: conditional writes lose no update, and a transaction is seen whole or
 * not at all by a get transaction.
 */
class ConcurrencyIT extends Conformance {

    static String table;

    @BeforeAll
    static void createTable() {
        table = keyedTable("concurrency");
    }

    @Test
    void fiftyWritersWithVersionConditionsLoseNoUpdate() throws Exception {
        // given
        put(table, item("PK", s("counter"), "SK", s("1"), "version", n("0")));
        int writers = 50;
        int incrementsEach = 2;
        CyclicBarrier start = new CyclicBarrier(writers);
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            // when: each reads the version and writes version + 1 on condition it is unchanged
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int done = 0; done < incrementsEach; ) {
                        long version = Long.parseLong(get(table, key("counter", "1")).get("version").n());
                        try {
                            dynamo.putItem(b -> b.tableName(table)
                                    .item(item("PK", s("counter"), "SK", s("1"), "version", n("" + (version + 1))))
                                    .conditionExpression("version = :read").expressionAttributeValues(values(":read", n("" + version))));
                            done++;
                        } catch (ConditionalCheckFailedException lost) {
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        // then
        assertEquals(String.valueOf(writers * incrementsEach), get(table, key("counter", "1")).get("version").n());
        System.out.printf("%d writers, %d increments, %d conditional writes lost a race and were retried%n",
                writers, writers * incrementsEach, conflicts.get());
    }

    @Test
    void transfersInTransactionsKeepTheTotalForEveryReader() throws Exception {
        // given: two accounts holding 1,000 in all
        put(table, item("PK", s("account"), "SK", s("a"), "balance", n("500")));
        put(table, item("PK", s("account"), "SK", s("b"), "balance", n("500")));
        AtomicBoolean torn = new AtomicBoolean();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            // when: eight clients move money back and forth while one reads both balances in transactions
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (writing.get()) {
                    var read = dynamo.transactGetItems(b -> b.transactItems(
                            TransactGetItem.builder().get(g -> g.tableName(table).key(key("account", "a"))).build(),
                            TransactGetItem.builder().get(g -> g.tableName(table).key(key("account", "b"))).build()));
                    long total = Long.parseLong(read.responses().get(0).item().get("balance").n())
                            + Long.parseLong(read.responses().get(1).item().get("balance").n());
                    if (total != 1000) {
                        torn.set(true);
                    }
                    reads++;
                }
                return reads;
            });
            List<Future<?>> movers = new ArrayList<>();
            for (int m = 0; m < 8; m++) {
                String from = m % 2 == 0 ? "a" : "b";
                String to = m % 2 == 0 ? "b" : "a";
                movers.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        transfer(from, to, 7);
                    }
                    return null;
                }));
            }
            for (Future<?> mover : movers) {
                mover.get(5, TimeUnit.MINUTES);
            }
            writing.set(false);
            assertTrue(reader.get(1, TimeUnit.MINUTES) > 0);
        } finally {
            pool.shutdownNow();
        }

        // then
        assertFalse(torn.get(), "a get transaction saw a transfer half done");
        long a = Long.parseLong(get(table, key("account", "a")).get("balance").n());
        long b = Long.parseLong(get(table, key("account", "b")).get("balance").n());
        assertEquals(1000, a + b);
    }

    private static void transfer(String from, String to, int amount) {
        Map<String, AttributeValue> amountValue = values(":amount", n("" + amount));
        while (true) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().update(u -> u.tableName(table).key(key("account", from))
                                .updateExpression("SET balance = balance - :amount").conditionExpression("balance >= :amount")
                                .expressionAttributeValues(amountValue)).build(),
                        TransactWriteItem.builder().update(u -> u.tableName(table).key(key("account", to))
                                .updateExpression("SET balance = balance + :amount")
                                .expressionAttributeValues(amountValue)).build()));
                return;
            } catch (TransactionCanceledException e) {
                boolean conflict = e.cancellationReasons().stream().map(CancellationReason::code).anyMatch("TransactionConflict"::equals);
                if (!conflict) {
                    return;
                }
            }
        }
    }
}
