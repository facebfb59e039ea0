package com.hubstatus.local.emulators;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedDynamoDbIT {

    @Test
    void theTableCreatedLocallyHasTheKeysIndexesAndTtlOfTemplateYaml() {
        // given
        SamTemplate template = SamTemplate.ofRepository();
        CreateTableRequest declared = template.createTableRequest(HubTableProvisioner.TABLE_RESOURCE, "declared");
        try (DynamoDbClient dynamo = EmbeddedDynamoDb.shared().newClient()) {
            // when
            String name = HubTableProvisioner.createFresh(dynamo);
            TableDescription table = dynamo.describeTable(b -> b.tableName(name)).table();

            // then
            assertEquals(declared.keySchema(), table.keySchema());
            assertEquals(declared.attributeDefinitions().stream().sorted((a, b) -> a.attributeName().compareTo(b.attributeName())).toList(),
                    table.attributeDefinitions().stream().sorted((a, b) -> a.attributeName().compareTo(b.attributeName())).toList());
            assertEquals(declared.globalSecondaryIndexes().size(), table.globalSecondaryIndexes().size());
            declared.globalSecondaryIndexes().forEach(gsi -> assertTrue(table.globalSecondaryIndexes().stream().anyMatch(d ->
                    d.indexName().equals(gsi.indexName()) && d.keySchema().equals(gsi.keySchema())
                            && d.projection().projectionType() == gsi.projection().projectionType()), gsi.indexName()));
            declared.localSecondaryIndexes().forEach(lsi -> assertTrue(table.localSecondaryIndexes().stream().anyMatch(d ->
                    d.indexName().equals(lsi.indexName()) && d.keySchema().equals(lsi.keySchema())), lsi.indexName()));
            assertEquals(TimeToLiveStatus.ENABLED,
                    dynamo.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription().timeToLiveStatus());
        }
    }

    @Test
    void aServerWithADataFolderKeepsItsDataAcrossRestarts() throws Exception {
        // given
        Path folder = Files.createTempDirectory("dynamodb-engine-data");
        Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("a"), "SK", AttributeValue.fromS("b"));
        String table;
        try (EmbeddedDynamoDb first = EmbeddedDynamoDb.start(folder, 0); DynamoDbClient dynamo = first.newClient()) {
            table = HubTableProvisioner.createFresh(dynamo);
            dynamo.putItem(b -> b.tableName(table).item(key));
        }

        // when
        try (EmbeddedDynamoDb second = EmbeddedDynamoDb.start(folder, 0); DynamoDbClient dynamo = second.newClient()) {
            // then
            assertTrue(dynamo.getItem(b -> b.tableName(table).key(key)).hasItem());
        }
    }
}
