package com.hubstatus.local.dynamodb;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How fast the engine starts and answers, printed, not asserted: the start in this JVM (the first
 * one, with class loading, and a second), a warm GetItem round trip over loopback with the SDK's
 * URL-connection client (median, p90, p99), and a Query of a sparse index over a large table, with
 * its ScannedCount.
 *
 * <p>{@code ./mvnw -q -pl local/dynamodb -am -DskipTests -Pbenchmark package}, with
 * {@code -Dbenchmark.args="--items 100000 --reads 10000"} to change the sizes.
 */
public final class EngineBenchmark {

    private EngineBenchmark() {
    }

    public static void main(String[] args) {
        int items = option(args, "--items", 100_000);
        int reads = option(args, "--reads", 10_000);

        long starting = System.nanoTime();
        DynamoDbEngine first = DynamoDbEngine.start(EngineOptions.defaults());
        double firstStart = millis(System.nanoTime() - starting);
        first.close();
        starting = System.nanoTime();
        DynamoDbEngine engine = DynamoDbEngine.start(EngineOptions.defaults());
        double secondStart = millis(System.nanoTime() - starting);
        System.out.printf(Locale.ROOT, "start in process: first %.1f ms (class loading included), second %.1f ms%n", firstStart, secondStart);

        try (engine; DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(engine.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            String table = "benchmark";
            dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(definition("PK"), definition("SK"), definition("GSI1PK"), definition("GSI1SK"))
                    .keySchema(key("PK", KeyType.HASH), key("SK", KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("sparse")
                            .keySchema(key("GSI1PK", KeyType.HASH), key("GSI1SK", KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build()));

            getItemRoundTrips(dynamo, table, reads);
            sparseQuery(dynamo, table, items);
        }
    }

    private static void getItemRoundTrips(DynamoDbClient dynamo, String table, int reads) {
        Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("WS#bench"), "SK", AttributeValue.fromS("HUB#1"));
        Map<String, AttributeValue> item = new LinkedHashMap<>(key);
        item.put("name", AttributeValue.fromS("a hub of a typical size"));
        item.put("owners", AttributeValue.fromSs(List.of("owner-1", "owner-2")));
        item.put("version", AttributeValue.fromN("7"));
        dynamo.putItem(b -> b.tableName(table).item(item));
        for (int i = 0; i < Math.max(2_000, reads / 5); i++) {
            dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true));
        }
        double[] samples = new double[reads];
        for (int i = 0; i < reads; i++) {
            long started = System.nanoTime();
            dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true));
            samples[i] = millis(System.nanoTime() - started);
        }
        Arrays.sort(samples);
        System.out.printf(Locale.ROOT, "GetItem round trip, %d warm reads: min %.3f ms, median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                reads, samples[0], percentile(samples, 50), percentile(samples, 90), percentile(samples, 99), samples[reads - 1]);
    }

    private static void sparseQuery(DynamoDbClient dynamo, String table, int items) {
        long writing = System.nanoTime();
        int due = 0;
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            Map<String, AttributeValue> item = new LinkedHashMap<>();
            item.put("PK", AttributeValue.fromS("WS#" + (i % 100)));
            item.put("SK", AttributeValue.fromS(String.format("HUB#%07d", i)));
            item.put("name", AttributeValue.fromS("hub " + i));
            if (i % 100 == 0) {
                item.put("GSI1PK", AttributeValue.fromS("SWEEP#00"));
                item.put("GSI1SK", AttributeValue.fromS(String.format("%07d", i)));
                due++;
            }
            batch.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
            if (batch.size() == 25 || i == items - 1) {
                List<WriteRequest> current = List.copyOf(batch);
                dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, current)));
                batch.clear();
            }
        }
        System.out.printf(Locale.ROOT, "wrote %,d items (%,d in the sparse index) in %.0f ms%n", items, due, millis(System.nanoTime() - writing));

        long querying = System.nanoTime();
        int found = 0;
        int scanned = 0;
        int pages = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table).indexName("sparse")
                    .keyConditionExpression("GSI1PK = :pk AND GSI1SK <= :upTo")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("SWEEP#00"), ":upTo", AttributeValue.fromS("9999999")))
                    .exclusiveStartKey(from));
            found += page.count();
            scanned += page.scannedCount();
            pages++;
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        System.out.printf(Locale.ROOT, "Query of the sparse index over %,d items: %,d found, ScannedCount %,d, %d page(s), %.1f ms%n",
                items, found, scanned, pages, millis(System.nanoTime() - querying));
    }

    private static AttributeDefinition definition(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static double percentile(double[] sorted, int percent) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
