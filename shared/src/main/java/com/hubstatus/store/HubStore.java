package com.hubstatus.store;

import com.hubstatus.events.EventCodec;
import com.hubstatus.json.Json;
import com.hubstatus.status.Decision;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HistoryEntry;
import com.hubstatus.status.Hub;
import com.hubstatus.status.StatusPolicy;
import com.hubstatus.status.ValidationCohort;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static com.hubstatus.store.TableLayout.*;

/**
 * Hubs, cohorts, history and events in one DynamoDB table. Reads of one workspace never reach
 * another's items: every key starts from the caller's workspace, and cursors are checked against
 * it. Writes are conditional on the version the facts were read at.
 */
public final class HubStore {

    /** The most items one DynamoDB transaction may hold. */
    static final int MAX_TRANSACTION_ITEMS = 100;

    private final DynamoDbClient dynamo;
    private final String table;
    private final StatusPolicy policy;

    public HubStore(DynamoDbClient dynamo, String tableName, StatusPolicy policy) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(tableName, "tableName");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public String tableName() {
        return table;
    }

    // ---- reads ------------------------------------------------------------------------------------

    /** One GetItem keyed by the caller's workspace. */
    public Optional<Hub> findHub(String workspaceId, String hubId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(HubItems.key(workspacePk(workspaceId), hubSk(hubId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(HubItems.hub(item));
    }

    public Optional<ValidationCohort> findCohort(String workspaceId, ExternalApp app) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(HubItems.key(workspacePk(workspaceId), cohortSk(app)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(HubItems.cohort(item));
    }

    /** A hub and its cohort (null if none is stored), or empty when the hub does not exist. */
    public Optional<HubWithCohort> findHubWithCohort(String workspaceId, String hubId) {
        return findHub(workspaceId, hubId)
                .map(hub -> new HubWithCohort(hub, findCohort(workspaceId, hub.app()).orElse(null)));
    }

    /**
     * One page of a workspace's hubs with the cohorts they belong to: one Query of the workspace's
     * partition, where cohorts sort before hubs; a page after the first also reads the cohort items
     * (one per app at most) by a Query on their key prefix.
     */
    public WorkspacePage listWorkspace(String workspaceId, String cursor, int limit) {
        String pk = workspacePk(workspaceId);
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table)
                .consistentRead(true)
                .keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                .limit(limit);
        if (cursor != null) {
            query.exclusiveStartKey(decodeCursor(cursor, pk, Set.of(PK, SK)));
        }
        QueryResponse response = dynamo.query(query.build());
        List<Hub> hubs = new ArrayList<>();
        Map<ExternalApp, ValidationCohort> cohorts = new LinkedHashMap<>();
        for (Map<String, AttributeValue> item : response.items()) {
            String type = item.get(TYPE).s();
            if (HubItems.HUB_TYPE.equals(type)) {
                hubs.add(HubItems.hub(item));
            } else if (HubItems.COHORT_TYPE.equals(type)) {
                ValidationCohort cohort = HubItems.cohort(item);
                cohorts.put(cohort.app(), cohort);
            }
        }
        boolean missingCohort = hubs.stream().anyMatch(h -> !cohorts.containsKey(h.app()));
        if (cursor != null && missingCohort) {
            cohorts.putAll(cohortsOf(workspaceId));
        }
        return new WorkspacePage(hubs, cohorts, encodeCursor(response.lastEvaluatedKey()), response.scannedCount());
    }

    /** Every cohort of a workspace. */
    public Map<ExternalApp, ValidationCohort> cohortsOf(String workspaceId) {
        Map<ExternalApp, ValidationCohort> cohorts = new LinkedHashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(workspacePk(workspaceId)),
                            ":prefix", AttributeValue.fromS("COHORT#")));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = dynamo.query(query.build());
            response.items().stream().map(HubItems::cohort).forEach(c -> cohorts.put(c.app(), c));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return cohorts;
    }

    /**
     * One page of the hubs of a cohort, by the app index with strong consistency.
     *
     * @param notValidatedBy when not null, only hubs whose last validation run is another run
     */
    public Page<Hub> listCohortHubs(String workspaceId, ExternalApp app, String cursor, int limit,
                                    String notValidatedBy) {
        String pk = workspacePk(workspaceId);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", AttributeValue.fromS(pk));
        values.put(":prefix", AttributeValue.fromS(cohortHubsPrefix(app)));
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table)
                .indexName(APP_INDEX)
                .consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(LSI1SK, :prefix)")
                .limit(limit);
        if (notValidatedBy != null) {
            query.filterExpression("attribute_not_exists(validatedRunId) OR validatedRunId <> :run");
            values.put(":run", AttributeValue.fromS(notValidatedBy));
        }
        query.expressionAttributeValues(values);
        if (cursor != null) {
            query.exclusiveStartKey(decodeCursor(cursor, pk, Set.of(PK, SK, LSI1SK)));
        }
        QueryResponse response = dynamo.query(query.build());
        return new Page<>(response.items().stream().map(HubItems::hub).toList(),
                encodeCursor(response.lastEvaluatedKey()));
    }

    /** A hub's status history, newest first. */
    public Page<HistoryEntry> history(String workspaceId, String hubId, String cursor, int limit) {
        String pk = historyPk(workspaceId, hubId);
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                .scanIndexForward(false)
                .limit(limit);
        if (cursor != null) {
            query.exclusiveStartKey(decodeCursor(cursor, pk, Set.of(PK, SK)));
        }
        QueryResponse response = dynamo.query(query.build());
        return new Page<>(response.items().stream().map(HubItems::history).toList(),
                encodeCursor(response.lastEvaluatedKey()));
    }

    // ---- writes -----------------------------------------------------------------------------------

    /**
     * Writes a decision in one transaction: the hub and cohort conditional on their versions, the
     * history entries, each event as an outbox item, and the processed-event marker if given.
     *
     * @throws ConcurrentChangeException when the hub or cohort changed since it was read
     * @throws DuplicateEventException   when the marker shows the event was already processed
     */
    public Saved save(Decision decision, ProcessedEvent marker, Instant now) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Hub savedHub = null;
        ValidationCohort savedCohort = null;
        Hub hub = decision.hub();
        if (hub != null && decision.hubDeleted()) {
            writes.add(TransactWriteItem.builder().delete(Delete.builder()
                    .tableName(table)
                    .key(HubItems.key(workspacePk(hub.workspaceId()), hubSk(hub.hubId())))
                    .conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", number(hub.version())))
                    .build()).build());
        } else if (hub != null) {
            long next = hub.version() + 1;
            writes.add(versionedPut(HubItems.hubItem(hub, next, policy), hub.version()));
            savedHub = hub.toBuilder().version(next).build();
        }
        ValidationCohort cohort = decision.cohort();
        if (cohort != null) {
            long next = cohort.version() + 1;
            writes.add(versionedPut(HubItems.cohortItem(cohort, next), cohort.version()));
            savedCohort = new ValidationCohort(cohort.workspaceId(), cohort.app(), cohort.requestedAt(),
                    cohort.completedAt(), cohort.lastCompletedAt(), cohort.run(), cohort.review(), next);
        }
        for (HistoryEntry entry : decision.history()) {
            writes.add(put(HubItems.historyItem(entry)));
        }
        List<OutboxEvent> outbox = new ArrayList<>();
        for (DomainEvent event : decision.events()) {
            OutboxEvent pending = new OutboxEvent(event.eventId(), EventCodec.detailType(event),
                    EventCodec.detailJson(event), now);
            outbox.add(pending);
            writes.add(put(HubItems.outboxItem(pending)));
        }
        int markerIndex = -1;
        if (marker != null) {
            markerIndex = writes.size();
            writes.add(TransactWriteItem.builder().put(Put.builder()
                    .tableName(table)
                    .item(HubItems.markerItem(marker, now))
                    .conditionExpression("attribute_not_exists(PK)")
                    .build()).build());
        }
        if (writes.isEmpty()) {
            return new Saved(null, null, List.of());
        }
        if (writes.size() > MAX_TRANSACTION_ITEMS) {
            throw new IllegalArgumentException("a decision of " + writes.size() + " items does not fit one transaction");
        }
        try {
            if (writes.size() == 1) {
                writeAlone(writes.getFirst());
            } else {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
            }
        } catch (ConditionalCheckFailedException e) {
            if (markerIndex == 0) {
                throw new DuplicateEventException(marker.consumer(), marker.eventId());
            }
            throw new ConcurrentChangeException("the item changed since it was read", e);
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (markerIndex >= 0 && markerIndex < reasons.size()
                    && "ConditionalCheckFailed".equals(reasons.get(markerIndex).code())) {
                throw new DuplicateEventException(marker.consumer(), marker.eventId());
            }
            boolean retryable = reasons.isEmpty() || reasons.stream().map(CancellationReason::code)
                    .allMatch(code -> code == null || "None".equals(code) || "ConditionalCheckFailed".equals(code)
                            || "TransactionConflict".equals(code));
            if (retryable) {
                throw new ConcurrentChangeException("the items changed since they were read", e);
            }
            throw e;
        }
        return new Saved(savedHub, savedCohort, outbox);
    }

    /**
     * Claims an event for a consumer whose work spans several writes; false when it was already
     * claimed (a repeated delivery).
     */
    public boolean claim(ProcessedEvent marker, Instant now) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(HubItems.markerItem(marker, now))
                    .conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public boolean isProcessed(ProcessedEvent marker) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(HubItems.key(markerPk(marker.consumer(), marker.eventId()), "EVENT"))).item();
        return item != null && !item.isEmpty();
    }

    // ---- due work ---------------------------------------------------------------------------------

    /**
     * The hubs the staleness sweep must look at by {@code now}: a Query per shard of the sparse
     * sweep index, reading only due entries.
     */
    public DueScan<HubKey> dueForSweep(Instant now, int limit) {
        DueScan.Builder<HubKey> scan = new DueScan.Builder<>();
        for (int shard = 0; shard < SHARDS && scan.size() < limit; shard++) {
            queryDue(SWEEP_INDEX, GSI1PK, GSI1SK, sweepShard(shard), now, limit, scan,
                    key -> new HubKey(workspaceOf(key), key.get(SK).s().substring("HUB#".length())));
        }
        return scan.build();
    }

    /** Events written before {@code before} and not yet published. */
    public DueScan<OutboxEvent> unpublished(Instant before, int limit) {
        DueScan.Builder<String> scan = new DueScan.Builder<>();
        for (int shard = 0; shard < SHARDS && scan.size() < limit; shard++) {
            queryDue(SWEEP_INDEX, GSI1PK, GSI1SK, outboxShard(shard), before, limit, scan,
                    key -> key.get(PK).s());
        }
        DueScan<String> keys = scan.build();
        List<OutboxEvent> events = new ArrayList<>();
        for (Map<String, AttributeValue> item : batchGet(keys.items().stream().map(pk -> HubItems.key(pk, "OUTBOX")).toList())) {
            events.add(HubItems.outbox(item));
        }
        return new DueScan<>(events, keys.scannedCount(), keys.queries());
    }

    /** Hubs with a pending check and cohorts with a validation run, due to be asked for again. */
    public DueScan<RetryKey> dueForRetry(Instant now, int limit) {
        DueScan.Builder<RetryKey> scan = new DueScan.Builder<>();
        for (int shard = 0; shard < SHARDS && scan.size() < limit; shard++) {
            queryDue(RETRY_INDEX, GSI2PK, GSI2SK, retryShard(shard), now, limit, scan, key -> {
                String sk = key.get(SK).s();
                return sk.startsWith("HUB#")
                        ? RetryKey.hub(workspaceOf(key), sk.substring("HUB#".length()))
                        : RetryKey.cohort(workspaceOf(key), ExternalApp.require(sk.substring("COHORT#".length())));
            });
        }
        return scan.build();
    }

    /** Removes published events from the outbox. */
    public void deleteOutbox(Collection<String> eventIds) {
        List<WriteRequest> deletes = eventIds.stream().distinct()
                .map(id -> WriteRequest.builder().deleteRequest(d -> d.key(HubItems.key(outboxPk(id), "OUTBOX"))).build())
                .toList();
        for (int i = 0; i < deletes.size(); i += 25) {
            Map<String, List<WriteRequest>> batch = Map.of(table, deletes.subList(i, Math.min(i + 25, deletes.size())));
            while (batch != null && !batch.isEmpty()) {
                Map<String, List<WriteRequest>> current = batch;
                var response = dynamo.batchWriteItem(b -> b.requestItems(current));
                batch = response.hasUnprocessedItems() && !response.unprocessedItems().isEmpty()
                        ? response.unprocessedItems() : null;
            }
        }
    }

    // ---- plumbing ---------------------------------------------------------------------------------

    private <T> void queryDue(String index, String pkName, String skName, String partition, Instant upTo, int limit,
                              DueScan.Builder<T> scan, java.util.function.Function<Map<String, AttributeValue>, T> read) {
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(table)
                    .indexName(index)
                    .keyConditionExpression("#pk = :pk AND #sk <= :upTo")
                    .expressionAttributeNames(Map.of("#pk", pkName, "#sk", skName))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition),
                            ":upTo", AttributeValue.fromS(sortable(upTo))))
                    .limit(Math.max(1, limit - scan.size()));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = dynamo.query(query.build());
            scan.query(response.scannedCount());
            response.items().forEach(item -> scan.add(read.apply(item)));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null && scan.size() < limit);
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += 100) {
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys.subList(i, Math.min(i + 100, keys.size()))).consistentRead(true).build());
            while (request != null && !request.isEmpty()) {
                Map<String, KeysAndAttributes> current = request;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(current));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.hasUnprocessedKeys() && !response.unprocessedKeys().isEmpty()
                        ? response.unprocessedKeys() : null;
            }
        }
        return items;
    }

    private TransactWriteItem versionedPut(Map<String, AttributeValue> item, long readVersion) {
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (readVersion == 0) {
            put.conditionExpression("attribute_not_exists(PK)");
        } else {
            put.conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", number(readVersion)));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    private void writeAlone(TransactWriteItem write) {
        if (write.put() != null) {
            Put p = write.put();
            dynamo.putItem(b -> b.tableName(p.tableName()).item(p.item()).conditionExpression(p.conditionExpression())
                    .expressionAttributeValues(p.hasExpressionAttributeValues() ? p.expressionAttributeValues() : null));
        } else {
            Delete d = write.delete();
            dynamo.deleteItem(b -> b.tableName(d.tableName()).key(d.key()).conditionExpression(d.conditionExpression())
                    .expressionAttributeValues(d.hasExpressionAttributeValues() ? d.expressionAttributeValues() : null));
        }
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String workspaceOf(Map<String, AttributeValue> key) {
        return key.get(PK).s().substring("WS#".length());
    }

    /** An opaque cursor: the last evaluated key, base64url-encoded JSON. */
    private static String encodeCursor(Map<String, AttributeValue> lastKey) {
        if (lastKey == null || lastKey.isEmpty()) {
            return null;
        }
        ObjectNode node = Json.mapper().createObjectNode();
        lastKey.forEach((name, value) -> node.put(name, value.s()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor back, accepting it only for the partition it was issued for. */
    private static Map<String, AttributeValue> decodeCursor(String cursor, String expectedPk, Set<String> names) {
        try {
            JsonNode node = Json.mapper().readTree(Base64.getUrlDecoder().decode(cursor));
            if (node == null || !node.isObject() || node.size() != names.size()) {
                throw new InvalidCursorException();
            }
            Map<String, AttributeValue> key = new HashMap<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                JsonNode value = node.get(name);
                if (!names.contains(name) || !value.isTextual()) {
                    throw new InvalidCursorException();
                }
                key.put(name, AttributeValue.fromS(value.asText()));
            }
            if (!expectedPk.equals(key.get(PK).s())) {
                throw new InvalidCursorException();
            }
            return key;
        } catch (IllegalArgumentException | IOException | NullPointerException e) {
            throw new InvalidCursorException();
        }
    }

    /** What a save wrote: the facts at their new versions and the events waiting to be published. */
    public record Saved(Hub hub, ValidationCohort cohort, List<OutboxEvent> outbox) {
    }

    /** A hub with its validation cohort (null when none is stored). */
    public record HubWithCohort(Hub hub, ValidationCohort cohort) {
    }

    /**
     * One page of a workspace listing.
     *
     * @param scannedCount the items DynamoDB read for the page's Query
     */
    public record WorkspacePage(List<Hub> hubs, Map<ExternalApp, ValidationCohort> cohorts, String nextCursor,
                                int scannedCount) {
    }
}
