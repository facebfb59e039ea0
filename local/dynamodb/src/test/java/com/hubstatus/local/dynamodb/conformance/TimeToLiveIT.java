package com.hubstatus.local.dynamodb.conformance;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * UpdateTimeToLive and DescribeTimeToLive everywhere; the deletion of expired items only where the
 * suite moves the clock (the engine): AWS deletes them within days, which no test waits for.
 */
class TimeToLiveIT extends Conformance {

    @Test
    void timeToLiveIsEnabledOnceAndDescribed() {
        // given
        String table = keyedTable("ttl-describe");
        assertEquals(TimeToLiveStatus.DISABLED, dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription().timeToLiveStatus());

        // when
        var enabled = dynamo.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));

        // then
        assertEquals("expiresAt", enabled.timeToLiveSpecification().attributeName());
        var described = dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
        assertTrue(Set.of(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING).contains(described.timeToLiveStatus()));
        assertEquals("expiresAt", described.attributeName());
        invalid("TimeToLive is already enabled", () -> dynamo.updateTimeToLive(b -> b.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true))));
        fails("ResourceNotFoundException", () -> dynamo.describeTimeToLive(b -> b.tableName(table + "-missing")));
    }

    @Test
    void expiredItemsAreDeletedOnceTheClockPassesTheirTime() {
        assumeTrue(ConformanceBackend.controlsTime(), "moves the backend's clock: runs on the engine only");
        // given
        String table = table("ttl-reap", t -> t.attributeDefinitions(attribute("PK", "S"), attribute("SK", "S"), attribute("G1", "S"))
                .keySchema(hash("PK"), range("SK"))
                .globalSecondaryIndexes(TablesIT.gsi("by-g1", "G1", null, TablesIT.projection(ProjectionType.KEYS_ONLY))));
        long now = ConformanceBackend.now().getEpochSecond();
        put(table, item("PK", s("t"), "SK", s("past"), "expiresAt", n("" + (now - 1)), "G1", s("g")));
        put(table, item("PK", s("t"), "SK", s("soon"), "expiresAt", n("" + (now + 3600))));
        put(table, item("PK", s("t"), "SK", s("text"), "expiresAt", s("" + (now - 1))));
        put(table, item("PK", s("t"), "SK", s("ancient"), "expiresAt", n("" + (now - Duration.ofDays(6 * 365).toSeconds()))));
        dynamo.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));

        // when
        ConformanceBackend.expireItems();

        // then
        assertNull(get(table, key("t", "past")));
        assertEquals(0, dynamo.query(b -> b.tableName(table).indexName("by-g1").keyConditionExpression("G1 = :g")
                .expressionAttributeValues(values(":g", s("g")))).count(), "its index entries go with it");
        assertNotNull(get(table, key("t", "soon")));
        assertNotNull(get(table, key("t", "text")), "a time that is not a number is ignored");
        assertNotNull(get(table, key("t", "ancient")), "a time more than five years past is ignored");

        // when
        ConformanceBackend.advanceClock(Duration.ofHours(2));
        ConformanceBackend.expireItems();

        // then
        assertNull(get(table, key("t", "soon")));
    }
}
