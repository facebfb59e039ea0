package com.hubstatus.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hubstatus.json.Json;
import com.hubstatus.outbox.Outbox;
import com.hubstatus.outbox.OutboxEntry;
import com.hubstatus.status.Decision;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.HistoryEntry;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubListing;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.StatusEvaluator;
import com.hubstatus.status.StatusPolicy;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.usecase.port.ConcurrentChangeException;
import com.hubstatus.usecase.port.DueScan;
import com.hubstatus.usecase.port.DuplicateEventException;
import com.hubstatus.usecase.port.HubKey;
import com.hubstatus.usecase.port.HubRepository;
import com.hubstatus.usecase.port.HubWithCohort;
import com.hubstatus.usecase.port.IdempotencyRecords;
import com.hubstatus.usecase.port.InvalidCursorException;
import com.hubstatus.usecase.port.Page;
import com.hubstatus.usecase.port.ProcessedEvent;
import com.hubstatus.usecase.port.RetryKey;
import com.hubstatus.usecase.port.Saved;
import com.hubstatus.usecase.port.UnderReview;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.hubstatus.store.TableLayout.*;

/**
 * Hubs, cohorts, history, processed-event markers and the outbox in one DynamoDB table. Reads of
 * one workspace never reach another's items: every key starts from the caller's workspace, and
 * cursors are checked against it. Writes are conditional on the version the facts were read at.
 */
public final class HubStore implements HubRepository, Outbox, IdempotencyRecords {

    /** The most items one DynamoDB transaction may hold. */
    static final int MAX_TRANSACTION_ITEMS = 100;
    static final int MAX_BATCH_GET_ITEMS = 100;
    static final int MAX_BATCH_WRITE_ITEMS = 25;
    /** Runs a read beside the caller's own (the workspace's cohorts while the hub is read). */
    private static final ExecutorService BESIDE = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("hub-store-beside-", 0).factory());

    private final DynamoDbClient dynamo;
    private final String table;
    private final StatusPolicy policy;
    private final StatusEvaluator evaluator;

    public HubStore(DynamoDbClient dynamo, String tableName, StatusPolicy policy) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(tableName, "tableName");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.evaluator = new StatusEvaluator(policy);
    }

    public String tableName() {
        return table;
    }

    // ---- reads ------------------------------------------------------------------------------------

    /** One GetItem keyed by the caller's workspace. */
    @Override
    public Optional<Hub> findHub(String workspaceId, String hubId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(HubItems.key(workspacePk(workspaceId), hubSk(hubId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(HubItems.hub(item));
    }

    @Override
    public Optional<ValidationCohort> findCohort(String workspaceId, ExternalApp app) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(HubItems.key(workspacePk(workspaceId), cohortSk(app)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(HubItems.cohort(item));
    }

    /**
     * The hub and its cohort in one round trip's time. The cohort's key needs the hub's app, so
     * rather than read one after the other, the workspace's cohorts (one per app it uses: a few small
     * items, one Query page, as many read units as a GetItem of one) are read beside the hub.
     */
    @Override
    public Optional<HubWithCohort> findHubWithCohort(String workspaceId, String hubId) {
        Future<Map<ExternalApp, ValidationCohort>> cohorts = BESIDE.submit(() -> cohortsOf(workspaceId));
        Optional<Hub> hub = findHub(workspaceId, hubId);
        Map<ExternalApp, ValidationCohort> all = outcomeOf(cohorts);
        return hub.map(found -> new HubWithCohort(found, all.get(found.app())));
    }

    private static <T> T outcomeOf(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading", e);
        }
    }

    @Override
    public Map<ExternalApp, ValidationCohort> cohortsOf(String workspaceId) {
        Map<ExternalApp, ValidationCohort> cohorts = new LinkedHashMap<>();
        dynamo.queryPaginator(b -> b.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(workspacePk(workspaceId)),
                                ":prefix", AttributeValue.fromS("COHORT#"))))
                .items()
                .forEach(item -> {
                    ValidationCohort cohort = HubItems.cohort(item);
                    cohorts.put(cohort.app(), cohort);
                });
        return cohorts;
    }

    /**
     * One page of the hubs of a cohort, by the app index with strong consistency.
     */
    @Override
    public Page<Hub> listCohortHubs(String workspaceId, ExternalApp app, Optional<String> cursor, int limit,
                                    Optional<String> notValidatedBy) {
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
        notValidatedBy.ifPresent(runId -> {
            query.filterExpression("attribute_not_exists(validatedRunId) OR validatedRunId <> :run");
            values.put(":run", AttributeValue.fromS(runId));
        });
        query.expressionAttributeValues(values);
        cursor.ifPresent(c -> query.exclusiveStartKey(decodeCursor(c, pk, Set.of(PK, SK, LSI1SK))));
        QueryResponse response = dynamo.query(query.build());
        return new Page<>(response.items().stream().map(HubItems::hub).toList(),
                encodeCursor(response.lastEvaluatedKey()));
    }

    @Override
    public Page<UnderReview> underReview(Optional<String> cursor, int limit) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table)
                .indexName(REVIEW_INDEX)
                .keyConditionExpression("GSI3PK = :review")
                .expressionAttributeValues(Map.of(":review", AttributeValue.fromS(REVIEW_PARTITION)))
                .limit(limit);
        cursor.ifPresent(c -> query.exclusiveStartKey(decodeCursor(c, Map.of(GSI3PK, REVIEW_PARTITION),
                Set.of(PK, SK, GSI3PK, GSI3SK))));
        QueryResponse response = dynamo.query(query.build());
        List<UnderReview> items = response.items().stream()
                .map(item -> HubItems.HUB_TYPE.equals(item.get(TYPE).s())
                        ? (UnderReview) new UnderReview.HubOfItsOwn(HubItems.hub(item))
                        : new UnderReview.Integration(HubItems.cohort(item)))
                .toList();
        return new Page<>(items, encodeCursor(response.lastEvaluatedKey()));
    }

    @Override
    public Page<HistoryEntry> history(String workspaceId, String hubId, Optional<String> cursor, int limit) {
        String pk = historyPk(workspaceId, hubId);
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                .scanIndexForward(false)
                .limit(limit);
        cursor.ifPresent(c -> query.exclusiveStartKey(decodeCursor(c, pk, Set.of(PK, SK))));
        QueryResponse response = dynamo.query(query.build());
        return new Page<>(response.items().stream().map(HubItems::history).toList(),
                encodeCursor(response.lastEvaluatedKey()));
    }

    // ---- writes -----------------------------------------------------------------------------------

    @Override
    public Saved save(Decision decision, Optional<ProcessedEvent> marker, Instant now) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Optional<Hub> savedHub = Optional.empty();
        Optional<ValidationCohort> savedCohort = Optional.empty();
        if (decision.hub().isPresent()) {
            Hub hub = decision.hub().get();
            Optional<HubListing> listed = Optional.empty();
            if (decision.hubDeleted()) {
                writes.add(TransactWriteItem.builder().delete(Delete.builder()
                        .tableName(table)
                        .key(HubItems.key(workspacePk(hub.workspaceId()), hubSk(hub.hubId())))
                        .conditionExpression("version = :v")
                        .expressionAttributeValues(Map.of(":v", number(hub.version())))
                        .build()).build());
            } else {
                long next = hub.version() + 1;
                HubStatus standing = evaluator.standing(hub);
                listed = Optional.of(new HubListing(standing, hub.members()));
                writes.add(versionedPut(HubItems.hubItem(hub, next, policy, standing), hub.version()));
                savedHub = Optional.of(hub.toBuilder().listing(listed.get()).version(next).build());
            }
            writes.addAll(listingWrites(hub, Optional.ofNullable(hub.listing()), listed));
        }
        if (decision.cohort().isPresent()) {
            ValidationCohort cohort = decision.cohort().get();
            long next = cohort.version() + 1;
            writes.add(versionedPut(HubItems.cohortItem(cohort, next), cohort.version()));
            savedCohort = Optional.of(new ValidationCohort(cohort.workspaceId(), cohort.app(), cohort.requestedAt(),
                    cohort.completedAt(), cohort.lastCompletedAt(), cohort.run(), cohort.review(), next));
        }
        decision.joined().ifPresent(cohort -> writes.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(HubItems.key(workspacePk(cohort.workspaceId()), cohortSk(cohort.app())))
                .updateExpression("SET #version = #version + :one")
                .conditionExpression("attribute_exists(PK) AND attribute_not_exists(completedAt)")
                .expressionAttributeNames(Map.of("#version", VERSION))
                .expressionAttributeValues(Map.of(":one", number(1)))
                .build()).build()));
        for (HistoryEntry entry : decision.history()) {
            writes.add(put(HubItems.historyItem(entry)));
        }
        List<OutboxEntry> outbox = new ArrayList<>();
        for (DomainEvent event : decision.events()) {
            OutboxEntry entry = OutboxEntry.of(event, now);
            outbox.add(entry);
            writes.add(put(HubItems.outboxItem(entry)));
        }
        int markerIndex = -1;
        if (marker.isPresent()) {
            markerIndex = writes.size();
            writes.add(TransactWriteItem.builder().put(Put.builder()
                    .tableName(table)
                    .item(HubItems.markerItem(marker.get(), now))
                    .conditionExpression("attribute_not_exists(PK)")
                    .build()).build());
        }
        if (writes.isEmpty()) {
            return new Saved(Optional.empty(), Optional.empty(), List.of());
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
                throw new DuplicateEventException(marker.get().consumer(), marker.get().eventId());
            }
            throw new ConcurrentChangeException("the item changed since it was read", e);
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (markerIndex >= 0 && markerIndex < reasons.size()
                    && "ConditionalCheckFailed".equals(reasons.get(markerIndex).code())) {
                throw new DuplicateEventException(marker.get().consumer(), marker.get().eventId());
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

    @Override
    public boolean claim(ProcessedEvent marker, Instant now) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(HubItems.markerItem(marker, now))
                    .conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean isProcessed(ProcessedEvent marker) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(HubItems.key(markerPk(marker.consumer(), marker.eventId()), "EVENT"))).item();
        return item != null && !item.isEmpty();
    }

    /**
     * What keeps each member's listing and counts true to the hub: a member item per user who
     * sees the hub, keyed by its standing status, and per user one counts item. Only users whose
     * entry changes are written: a hub whose standing status and members stay as they were costs
     * nothing more. At most two items per user: the transaction stays within DynamoDB's limit for
     * the most members a hub may have.
     */
    private List<TransactWriteItem> listingWrites(Hub hub, Optional<HubListing> before, Optional<HubListing> after) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Set<String> users = new TreeSet<>();
        before.ifPresent(b -> users.addAll(b.members()));
        after.ifPresent(a -> users.addAll(a.members()));
        for (String user : users) {
            Optional<HubStatus> was = before.filter(b -> b.members().contains(user)).map(HubListing::standing);
            Optional<HubStatus> is = after.filter(a -> a.members().contains(user)).map(HubListing::standing);
            if (was.equals(is)) {
                continue;
            }
            Map<String, AttributeValue> memberKey = HubItems.key(memberPk(hub.workspaceId(), user), hubSk(hub.hubId()));
            if (is.isPresent()) {
                writes.add(put(HubItems.memberItem(hub, user, is.get())));
            } else {
                writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(memberKey).build())
                        .build());
            }
            Map<String, String> names = new LinkedHashMap<>();
            Map<String, AttributeValue> values = new LinkedHashMap<>();
            List<String> adds = new ArrayList<>();
            was.ifPresent(status -> {
                names.put("#was", countAttribute(hub.app(), status));
                values.put(":less", number(-1));
                adds.add("#was :less");
            });
            is.ifPresent(status -> {
                names.put("#is", countAttribute(hub.app(), status));
                values.put(":more", number(1));
                adds.add("#is :more");
            });
            writes.add(TransactWriteItem.builder().update(Update.builder()
                    .tableName(table)
                    .key(HubItems.key(memberPk(hub.workspaceId(), user), COUNTS_SK))
                    .updateExpression("ADD " + String.join(", ", adds))
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .build()).build());
        }
        return writes;
    }

    // ---- listings ----------------------------------------------------------------------------------

    @Override
    public Map<ExternalApp, Map<HubStatus, Integer>> standingCounts(String workspaceId, String userId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(HubItems.key(memberPk(workspaceId, userId), COUNTS_SK))).item();
        Map<ExternalApp, Map<HubStatus, Integer>> counts = new EnumMap<>(ExternalApp.class);
        for (ExternalApp app : ExternalApp.values()) {
            Map<HubStatus, Integer> byStatus = new EnumMap<>(HubStatus.class);
            for (HubStatus status : HubStatus.values()) {
                AttributeValue n = item == null ? null : item.get(countAttribute(app, status));
                byStatus.put(status, n == null ? 0 : Integer.parseInt(n.n()));
            }
            counts.put(app, byStatus);
        }
        return counts;
    }

    @Override
    public Page<String> listed(String workspaceId, String userId, ExternalApp app, Optional<HubStatus> standing,
                               Optional<String> cursor, int limit) {
        String pk = memberPk(workspaceId, userId);
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table)
                .indexName(APP_INDEX)
                .consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(LSI1SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk),
                        ":prefix", AttributeValue.fromS(memberListingPrefix(app, standing))))
                .projectionExpression("hubId")
                .limit(limit);
        cursor.ifPresent(c -> query.exclusiveStartKey(decodeCursor(c, pk, Set.of(PK, SK, LSI1SK))));
        QueryResponse response = dynamo.query(query.build());
        return new Page<>(response.items().stream().map(item -> item.get("hubId").s()).toList(),
                encodeCursor(response.lastEvaluatedKey()));
    }

    @Override
    public List<Hub> goneStale(String workspaceId, ExternalApp app, Instant now) {
        List<Map<String, AttributeValue>> keys = dynamo.queryPaginator(b -> b.tableName(table)
                        .indexName(STALE_INDEX)
                        .keyConditionExpression("GSI4PK = :ws AND GSI4SK BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(":ws", AttributeValue.fromS(stalePartition(workspaceId)),
                                ":from", AttributeValue.fromS(app.id() + "#"),
                                ":to", AttributeValue.fromS(app.id() + "#" + sortable(now)))))
                .items().stream()
                .map(key -> HubItems.key(key.get(PK).s(), key.get(SK).s()))
                .toList();
        // The index is eventually consistent: the hubs themselves, read strongly, say whether they are stale.
        return batchGet(keys).stream()
                .map(HubItems::hub)
                .filter(hub -> hub.listing() != null && hub.listing().standing() == HubStatus.HEALTHY)
                .filter(hub -> hub.staleAt(policy) != null && now.isAfter(hub.staleAt(policy)))
                .toList();
    }

    @Override
    public List<Hub> hubs(String workspaceId, List<String> hubIds) {
        Map<String, Hub> found = new HashMap<>();
        for (Map<String, AttributeValue> item : batchGet(hubIds.stream().distinct()
                .map(id -> HubItems.key(workspacePk(workspaceId), hubSk(id))).toList())) {
            Hub hub = HubItems.hub(item);
            found.put(hub.hubId(), hub);
        }
        return hubIds.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    // ---- idempotency keys ---------------------------------------------------------------------------

    @Override
    public Optional<IdempotencyRecord> find(String id, Instant now) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(HubItems.key(idempotencyPk(id), IDEMPOTENCY_SK))).item();
        if (item == null || item.isEmpty() || Long.parseLong(item.get(EXPIRES_AT).n()) < now.getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(HubItems.idempotencyRecord(item));
    }

    @Override
    public boolean claim(String id, String requestHash, Instant now, Instant claimedUntil, Instant expiresAt) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(HubItems.idempotencyClaim(id, requestHash, claimedUntil, expiresAt))
                    .conditionExpression("attribute_not_exists(PK) OR #expires < :nowSeconds"
                            + " OR (attribute_not_exists(answerStatus) AND claimedUntil < :now)")
                    .expressionAttributeNames(Map.of("#expires", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":nowSeconds", number(now.getEpochSecond()),
                            ":now", AttributeValue.fromS(sortable(now)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void complete(String id, StoredAnswer answer) {
        dynamo.updateItem(b -> b.tableName(table)
                .key(HubItems.key(idempotencyPk(id), IDEMPOTENCY_SK))
                .updateExpression("SET answerStatus = :status, answerHeaders = :headers, answerBody = :body")
                .expressionAttributeValues(Map.of(":status", number(answer.status()),
                        ":headers", AttributeValue.fromM(answer.headers().entrySet().stream().collect(
                                Collectors.toMap(Map.Entry::getKey, h -> AttributeValue.fromS(h.getValue())))),
                        ":body", AttributeValue.fromS(answer.body()))));
    }

    @Override
    public void release(String id) {
        dynamo.deleteItem(b -> b.tableName(table).key(HubItems.key(idempotencyPk(id), IDEMPOTENCY_SK)));
    }

    // ---- due work ---------------------------------------------------------------------------------

    /**
     * The hubs the staleness sweep must look at by {@code now}: a Query per shard of the sparse
     * sweep index, reading only due entries.
     */
    @Override
    public DueScan<HubKey> dueForSweep(Instant now, int limit) {
        DueScanBuilder<HubKey> scan = new DueScanBuilder<>();
        for (int shard = 0; shard < SHARDS && scan.size() < limit; shard++) {
            queryDue(SWEEP_INDEX, GSI1PK, GSI1SK, sweepShard(shard), now, limit, scan,
                    key -> new HubKey(workspaceOf(key), key.get(SK).s().substring("HUB#".length())));
        }
        return scan.build();
    }

    // ---- the outbox -------------------------------------------------------------------------------

    /** Entries written before {@code writtenBefore}, by the outbox index, then read in batches. */
    @Override
    public List<OutboxEntry> unpublished(Instant writtenBefore, int limit) {
        DueScanBuilder<String> scan = new DueScanBuilder<>();
        for (int shard = 0; shard < SHARDS && scan.size() < limit; shard++) {
            queryDue(SWEEP_INDEX, GSI1PK, GSI1SK, outboxShard(shard), writtenBefore, limit, scan,
                    key -> key.get(PK).s());
        }
        return batchGet(scan.build().items().stream().map(pk -> HubItems.key(pk, "OUTBOX")).toList()).stream()
                .map(HubItems::outbox)
                .toList();
    }

    @Override
    public void remove(Collection<String> eventIds) {
        List<WriteRequest> deletes = eventIds.stream().distinct()
                .map(id -> WriteRequest.builder().deleteRequest(d -> d.key(HubItems.key(outboxPk(id), "OUTBOX"))).build())
                .toList();
        for (int i = 0; i < deletes.size(); i += MAX_BATCH_WRITE_ITEMS) {
            Map<String, List<WriteRequest>> batch = Map.of(table,
                    deletes.subList(i, Math.min(i + MAX_BATCH_WRITE_ITEMS, deletes.size())));
            // BatchWriteItem has no paginator: what DynamoDB leaves unprocessed is sent again.
            while (!batch.isEmpty()) {
                Map<String, List<WriteRequest>> current = batch;
                BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(current));
                batch = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    /** Hubs with a pending check and cohorts with a validation run, due to be asked for again. */
    @Override
    public DueScan<RetryKey> dueForRetry(Instant now, int limit) {
        DueScanBuilder<RetryKey> scan = new DueScanBuilder<>();
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

    // ---- plumbing ---------------------------------------------------------------------------------

    private <T> void queryDue(String index, String pkName, String skName, String partition, Instant upTo, int limit,
                              DueScanBuilder<T> scan, Function<Map<String, AttributeValue>, T> read) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .indexName(index)
                .keyConditionExpression("#pk = :pk AND #sk <= :upTo")
                .expressionAttributeNames(Map.of("#pk", pkName, "#sk", skName))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition),
                        ":upTo", AttributeValue.fromS(sortable(upTo))))
                .limit(Math.max(1, limit - scan.size()))
                .build();
        for (QueryResponse page : dynamo.queryPaginator(query)) {
            scan.query(page.scannedCount());
            for (Map<String, AttributeValue> item : page.items()) {
                scan.add(read.apply(item));
                dueAt(item.get(skName)).ifPresent(scan::due);
            }
            if (scan.size() >= limit) {
                return;
            }
        }
    }

    /** The due time an index sort key holds (a sortable time stamp, after a prefix where one is used). */
    private static Optional<Instant> dueAt(AttributeValue sortKey) {
        if (sortKey == null || sortKey.s() == null) {
            return Optional.empty();
        }
        String key = sortKey.s();
        try {
            return Optional.of(Instant.parse(key.substring(key.lastIndexOf('#') + 1)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Reads items by key, strongly consistent; the paginator sends unprocessed keys again. */
    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += MAX_BATCH_GET_ITEMS) {
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys.subList(i, Math.min(i + MAX_BATCH_GET_ITEMS, keys.size()))).consistentRead(true).build());
            for (BatchGetItemResponse response : dynamo.batchGetItemPaginator(b -> b.requestItems(request))) {
                items.addAll(response.responses().getOrDefault(table, List.of()));
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
        if (write.update() != null) {
            Update u = write.update();
            dynamo.updateItem(b -> b.tableName(u.tableName()).key(u.key()).updateExpression(u.updateExpression())
                    .conditionExpression(u.conditionExpression()).expressionAttributeNames(u.expressionAttributeNames())
                    .expressionAttributeValues(u.expressionAttributeValues()));
        } else if (write.put() != null) {
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
        ObjectNode node = Json.object();
        lastKey.forEach((name, value) -> node.put(name, value.s()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.writeBytes(node));
    }

    /** Reads a cursor back, accepting it only for the partition it was issued for. */
    private static Map<String, AttributeValue> decodeCursor(String cursor, String expectedPk, Set<String> names) {
        return decodeCursor(cursor, Map.of(PK, expectedPk), names);
    }

    /** Reads a cursor back, accepting it only where its key attributes have the expected values. */
    private static Map<String, AttributeValue> decodeCursor(String cursor, Map<String, String> expected, Set<String> names) {
        try {
            JsonNode node = Json.parse(Base64.getUrlDecoder().decode(cursor));
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
            for (Map.Entry<String, String> partition : expected.entrySet()) {
                if (!partition.getValue().equals(key.get(partition.getKey()).s())) {
                    throw new InvalidCursorException();
                }
            }
            return key;
        } catch (IllegalArgumentException | IOException | NullPointerException e) {
            throw new InvalidCursorException();
        }
    }
}
