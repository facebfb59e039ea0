package com.hubstatus.local.dynamodb;

import com.hubstatus.local.dynamodb.api.Meter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The engine's meter: requests and request units counted whether or not a request asks for them. */
class MeterIT {

    private static DynamoDbEngine engine;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        engine = DynamoDbEngine.start(EngineOptions.defaults().withTtlInterval(null));
        dynamo = DynamoDbClient.builder().endpointOverride(engine.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        dynamo.createTable(b -> b.tableName("metered").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("PK").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("PK").keyType(KeyType.HASH).build()));
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        engine.close();
    }

    @BeforeEach
    void resetMeter() {
        engine.meter().reset();
    }

    private static Map<String, AttributeValue> item(String pk, int dataLength) {
        return Map.of("PK", AttributeValue.fromS(pk), "data", AttributeValue.fromS("x".repeat(dataLength)));
    }

    @Test
    void writesCountAWriteUnitPerKilobyteAndReadsAReadUnitPerFourKilobytes() {
        // when: a 1.5 KB item written, then read consistently and eventually consistently
        dynamo.putItem(b -> b.tableName("metered").item(item("a", 1500)));
        dynamo.getItem(b -> b.tableName("metered").key(Map.of("PK", AttributeValue.fromS("a"))).consistentRead(true));
        dynamo.getItem(b -> b.tableName("metered").key(Map.of("PK", AttributeValue.fromS("a"))));

        // then
        Meter.Reading reading = engine.meter().reading();
        assertEquals(2.0, reading.writeUnits());
        assertEquals(1.5, reading.readUnits());
        assertEquals(Map.of("PutItem", 1L, "GetItem", 2L), reading.requests());
    }

    @Test
    void aRefusedConditionalWriteCountsAWriteUnit() {
        // given
        dynamo.putItem(b -> b.tableName("metered").item(item("b", 10)));
        engine.meter().reset();

        // when
        assertThrows(ConditionalCheckFailedException.class, () -> dynamo.putItem(b -> b.tableName("metered")
                .item(item("b", 10)).conditionExpression("attribute_not_exists(PK)")));

        // then
        assertEquals(1.0, engine.meter().reading().writeUnits());
        assertEquals(1, engine.meter().reading().totalRequests());
    }

    @Test
    void aBatchCountsEveryItemItReads() {
        // given
        for (String pk : new String[] {"c1", "c2", "c3"}) {
            dynamo.putItem(b -> b.tableName("metered").item(item(pk, 10)));
        }
        engine.meter().reset();

        // when
        dynamo.batchGetItem(b -> b.requestItems(Map.of("metered", KeysAndAttributes.builder().consistentRead(true)
                .keys(Map.of("PK", AttributeValue.fromS("c1")), Map.of("PK", AttributeValue.fromS("c2")),
                        Map.of("PK", AttributeValue.fromS("c3"))).build())));

        // then
        assertEquals(3.0, engine.meter().reading().readUnits());
        assertEquals(0.0, engine.meter().reading().writeUnits());
    }
}
