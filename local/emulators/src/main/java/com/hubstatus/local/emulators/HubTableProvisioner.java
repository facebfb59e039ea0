package com.hubstatus.local.emulators;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

import java.util.UUID;

/** Creates the hub table in a DynamoDB endpoint exactly as template.yaml defines it. */
public final class HubTableProvisioner {

    /** The logical id of the table in template.yaml. */
    public static final String TABLE_RESOURCE = "HubTable";

    private HubTableProvisioner() {
    }

    /** Creates the table under {@code tableName} unless it exists; returns the name. */
    public static String create(DynamoDbClient dynamo, SamTemplate template, String tableName) {
        try {
            dynamo.createTable(template.createTableRequest(TABLE_RESOURCE, tableName));
            dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
            template.timeToLiveAttribute(TABLE_RESOURCE).ifPresent(attribute -> dynamo.updateTimeToLive(b -> b
                    .tableName(tableName)
                    .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true))));
        } catch (ResourceInUseException alreadyThere) {
            // Kept data (a local stack restarted on its data folder) already has the table.
        }
        return tableName;
    }

    /** A new table with a unique name, so each test class starts empty. */
    public static String createFresh(DynamoDbClient dynamo) {
        return create(dynamo, SamTemplate.ofRepository(), "hubs-" + UUID.randomUUID());
    }
}
