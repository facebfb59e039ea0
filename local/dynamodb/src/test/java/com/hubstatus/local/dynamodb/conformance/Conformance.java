package com.hubstatus.local.dynamodb.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every conformance test class shares: the backend's client, tables with unique names that
 * are deleted after the class, and short ways to write items and to expect DynamoDB's errors.
 */
@ExtendWith(ConformanceBackend.class)
abstract class Conformance {

    static DynamoDbClient dynamo;
    private static final List<String> CREATED = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void connect() {
        dynamo = ConformanceBackend.client();
    }

    @AfterAll
    static void dropTables() {
        for (String table : List.copyOf(CREATED)) {
            try {
                dynamo.deleteTable(b -> b.tableName(table));
                dynamo.waiter().waitUntilTableNotExists(b -> b.tableName(table));
            } catch (ResourceNotFoundException alreadyGone) {
                // a test deleted it
            }
        }
        CREATED.clear();
    }

    /** A new table name, unique to this run, remembered for deletion after the class. */
    static String uniqueName(String purpose) {
        String name = "conformance-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
        CREATED.add(name);
        return name;
    }

    /** Creates a pay-per-request table shaped by {@code spec} and waits until it is active. */
    static String table(String purpose, Consumer<CreateTableRequest.Builder> spec) {
        String name = uniqueName(purpose);
        CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
        spec.accept(request);
        dynamo.createTable(request.build());
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
        return name;
    }

    /** A table keyed by PK (S) and SK (S). */
    static String keyedTable(String purpose) {
        return table(purpose, t -> t.attributeDefinitions(attribute("PK", "S"), attribute("SK", "S"))
                .keySchema(hash("PK"), range("SK")));
    }

    static AttributeDefinition attribute(String name, String type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.fromValue(type)).build();
    }

    static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }

    /** An item from alternating names and values. */
    static Map<String, AttributeValue> item(Object... namesAndValues) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            item.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
        }
        return item;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return item("PK", s(pk), "SK", s(sk));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    /** A binary value from bytes given as ints (0 to 255). */
    static AttributeValue b(int... bytes) {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        return AttributeValue.fromB(SdkBytes.fromByteArray(raw));
    }

    static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    static AttributeValue ss(String... values) {
        return AttributeValue.fromSs(Arrays.asList(values));
    }

    static AttributeValue ns(String... values) {
        return AttributeValue.fromNs(Arrays.asList(values));
    }

    static AttributeValue list(AttributeValue... values) {
        return AttributeValue.fromL(Arrays.asList(values));
    }

    static AttributeValue map(Object... namesAndValues) {
        return AttributeValue.fromM(item(namesAndValues));
    }

    static Map<String, AttributeValue> values(Object... namesAndValues) {
        return item(namesAndValues);
    }

    static Map<String, AttributeValue> get(String table, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    static void put(String table, Map<String, AttributeValue> item) {
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /** Expects the call to fail with DynamoDB's error {@code code}; returns the error. */
    static AwsServiceException fails(String code, Executable call) {
        AwsServiceException error = assertThrows(AwsServiceException.class, call);
        assertEquals(code, error.awsErrorDetails().errorCode(), error.getMessage());
        assertEquals(400, error.statusCode(), error.getMessage());
        return error;
    }

    /** Expects a ValidationException whose message contains {@code fragment}. */
    static AwsServiceException invalid(String fragment, Executable call) {
        AwsServiceException error = fails("ValidationException", call);
        String message = error.awsErrorDetails().errorMessage();
        assertTrue(message != null && message.contains(fragment), "expected a message with \"" + fragment + "\" but got: " + message);
        return error;
    }
}
