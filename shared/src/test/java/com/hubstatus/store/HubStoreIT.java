package com.hubstatus.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubstatus.json.Json;
import com.hubstatus.local.emulators.HubTableProvisioner;
import com.hubstatus.outbox.OutboxEntry;
import com.hubstatus.status.Cause;
import com.hubstatus.status.CheckTrigger;
import com.hubstatus.status.Decision;
import com.hubstatus.status.DomainEvent;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Finding;
import com.hubstatus.status.HistoryEntry;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubListing;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.PendingCheck;
import com.hubstatus.status.Problem;
import com.hubstatus.status.ReasonCode;
import com.hubstatus.status.RecordedStatus;
import com.hubstatus.status.StatusEvaluator;
import com.hubstatus.status.StatusPolicy;
import com.hubstatus.status.SyncAttempt;
import com.hubstatus.status.SyncRun;
import com.hubstatus.status.SyncTrigger;
import com.hubstatus.status.TransitionCause;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.status.ValidationRun;
import com.hubstatus.testing.DynamoDbBackend;
import com.hubstatus.usecase.port.ConcurrentChangeException;
import com.hubstatus.usecase.port.DueScan;
import com.hubstatus.usecase.port.DuplicateEventException;
import com.hubstatus.usecase.port.HubKey;
import com.hubstatus.usecase.port.HubWithCohort;
import com.hubstatus.usecase.port.InvalidCursorException;
import com.hubstatus.usecase.port.Page;
import com.hubstatus.usecase.port.ProcessedEvent;
import com.hubstatus.usecase.port.RetryKey;
import com.hubstatus.usecase.port.Saved;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(DynamoDbBackend.class)
class HubStoreIT {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final StatusPolicy POLICY = StatusPolicy.defaults();

    private static final RequestCounter REQUESTS = new RequestCounter();
    private static DynamoDbClient dynamo;
    private static HubStore store;

    @BeforeAll
    static void startDynamoDb() {
        dynamo = DynamoDbClient.builder()
                .endpointOverride(DynamoDbBackend.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().addExecutionInterceptor(REQUESTS).build())
                .build();
        store = new HubStore(dynamo, HubTableProvisioner.createFresh(dynamo), POLICY);
    }

    @AfterAll
    static void stopClient() {
        if (dynamo != null) {
            dynamo.close();
        }
    }

    private static Hub hub(String workspace, String hubId) {
        return Hub.builder()
                .workspaceId(workspace)
                .hubId(hubId)
                .app(ExternalApp.META_BUSINESS_MANAGER)
                .name("Hub " + hubId)
                .businessId("1000000001")
                .serviceAccountRef("sa-marketing")
                .owners(Set.of("owner-1"))
                .managers(Set.of())
                .connectedAt(T0)
                .recorded(new RecordedStatus(HubStatus.REQUIRES_SYNC, T0, List.of(ReasonCode.NO_INITIAL_SYNC)))
                .build();
    }

    private static Hub save(Hub hub) {
        return store.save(Decision.ofHub(hub, List.of(), List.of()), T0).hub().orElseThrow();
    }

    /** Writes many items at once, as a fixture: 25 per BatchWriteItem. */
    private static void batchWrite(List<Map<String, AttributeValue>> items) {
        for (int i = 0; i < items.size(); i += 25) {
            List<WriteRequest> batch = items.subList(i, Math.min(i + 25, items.size())).stream()
                    .map(item -> WriteRequest.builder().putRequest(p -> p.item(item)).build()).toList();
            Map<String, List<WriteRequest>> request = Map.of(store.tableName(), batch);
            while (!request.isEmpty()) {
                Map<String, List<WriteRequest>> current = request;
                var response = dynamo.batchWriteItem(b -> b.requestItems(current));
                request = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    @Test
    void aHubRoundTripsWithEveryFact() {
        // given
        Hub full = hub("ws-roundtrip", "hub-full").toBuilder()
                .managers(Set.of("manager-1", "manager-2"))
                .problems(List.of(
                        new Problem(ReasonCode.CONFIGURATION_INVALID, "business ID not found", T0, T0.plusSeconds(5)),
                        new Problem(ReasonCode.SERVICE_ACCOUNT_MFA_NOT_MANAGED, "", T0.plusSeconds(1), T0.plusSeconds(2))))
                .check(new PendingCheck("chk-1", CheckTrigger.CONFIGURATION_CHANGED, T0, 2, T0.plusSeconds(900)))
                .validatedRunId("val-1")
                .syncRun(new SyncRun("sync-2", SyncTrigger.AUTOMATIC, null, T0, T0.plusSeconds(1), T0.plusSeconds(901)))
                .lastSync(new SyncAttempt("sync-1", SyncTrigger.MANUAL, T0.minusSeconds(60), T0.minusSeconds(30),
                        Finding.of(Cause.SERVICE_ACCOUNT_CREDENTIALS, "login rejected")))
                .lastSuccessAt(T0.minus(Duration.ofDays(1)))
                .consecutiveSyncFailures(3)
                .autoSyncCycle(T0.minus(Duration.ofDays(1)))
                .recorded(new RecordedStatus(HubStatus.REVIEW_CONFIGURATION, T0.plusNanos(123456789),
                        List.of(ReasonCode.CONFIGURATION_INVALID, ReasonCode.SERVICE_ACCOUNT_MFA_NOT_MANAGED)))
                .build();

        // when
        Hub saved = save(full);

        // then
        assertEquals(full.toBuilder().version(1).listing(new HubListing(HubStatus.REVIEW_CONFIGURATION,
                Set.of("owner-1", "manager-1", "manager-2"))).build(), saved, "and as its members' listings hold it");
        assertEquals(saved, store.findHub("ws-roundtrip", "hub-full").orElseThrow());
        assertTrue(store.findHub("ws-other", "hub-full").isEmpty(), "a hub is found only under its own workspace");
    }

    @Test
    void aCohortRoundTripsWithItsRunAndReview() {
        // given
        ValidationRun run = new ValidationRun("val-2", ValidationRun.Kind.REVALIDATION, ValidationRun.Phase.SETTLING,
                "operator-1", T0, 1, T0.plusSeconds(900), Finding.of(Cause.KNOWN_ISSUE, "vendor outage"), "eyJjdXJzb3IiOjF9");
        ValidationCohort cohort = new ValidationCohort("ws-roundtrip", ExternalApp.GOOGLE_ADS, T0.minusSeconds(60),
                T0.minusSeconds(30), T0, run, new ValidationCohort.Review(ReasonCode.INTEGRATION_KNOWN_ISSUE, "outage", T0), 0);

        // when
        ValidationCohort saved = store.save(Decision.ofCohort(cohort, List.of()), T0).cohort().orElseThrow();

        // then
        assertEquals(1, saved.version());
        assertEquals(saved, store.findCohort("ws-roundtrip", ExternalApp.GOOGLE_ADS).orElseThrow());
    }

    @Test
    void aHubIsReadWithItsOwnAppsCohortOfTheWorkspacesInOneGetItemAndOneQuery() {
        // given: a workspace with cohorts of three apps, another workspace with one, and a hub of the app between
        ValidationCohort meta = store.save(Decision.ofCohort(new ValidationCohort("ws-pair", ExternalApp.META_BUSINESS_MANAGER,
                T0, T0, T0, null, null, 0), List.of()), T0).cohort().orElseThrow();
        for (ExternalApp app : List.of(ExternalApp.GOOGLE_ADS, ExternalApp.TIKTOK_BUSINESS_CENTER)) {
            store.save(Decision.ofCohort(new ValidationCohort("ws-pair", app, T0, null, null, null, null, 0), List.of()), T0);
        }
        store.save(Decision.ofCohort(new ValidationCohort("ws-pair-other", ExternalApp.META_BUSINESS_MANAGER, T0, null, null,
                null, null, 0), List.of()), T0);
        Hub hub = save(hub("ws-pair", "hub-1"));
        REQUESTS.reset();

        // when
        HubWithCohort found = store.findHubWithCohort("ws-pair", "hub-1").orElseThrow();

        // then
        assertEquals(hub, found.hub());
        assertEquals(meta, found.cohort(), "the cohort of the hub's own app, from the hub's own workspace");
        assertEquals(1, REQUESTS.count("GetItemRequest"));
        assertEquals(1, REQUESTS.count("QueryRequest"), "the workspace's cohorts, read beside the hub");
        assertTrue(store.findHubWithCohort("ws-pair-other", "hub-1").isEmpty(), "a hub is found only under its own workspace");
        assertTrue(store.findHubWithCohort("ws-pair", "hub-2").isEmpty());
    }

    @Test
    void historyIsListedNewestFirstAndPagedByCursor() {
        // given
        Hub hub = hub("ws-history", "hub-1");
        List<HistoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(new HistoryEntry("ws-history", "hub-1", T0.plusSeconds(i), i == 0 ? null : HubStatus.REQUIRES_SYNC,
                    i % 2 == 0 ? HubStatus.REQUIRES_SYNC : HubStatus.HEALTHY, List.of(), TransitionCause.SYNC_SUCCEEDED, "evt-" + i));
        }
        store.save(Decision.ofHub(hub, List.of(), entries), T0);

        // when
        Page<HistoryEntry> first = store.history("ws-history", "hub-1", Optional.empty(), 3);
        Page<HistoryEntry> second = store.history("ws-history", "hub-1", Optional.ofNullable(first.nextCursor()), 3);

        // then
        assertEquals(List.of("evt-4", "evt-3", "evt-2"), first.items().stream().map(HistoryEntry::eventId).toList());
        assertEquals(List.of("evt-1", "evt-0"), second.items().stream().map(HistoryEntry::eventId).toList());
        assertEquals(entries.getFirst(), second.items().getLast());
        assertThrows(InvalidCursorException.class, () -> store.history("ws-history", "hub-2", Optional.ofNullable(first.nextCursor()), 3),
                "a cursor works only for the listing it came from");
        assertThrows(InvalidCursorException.class, () -> store.history("ws-history", "hub-1", Optional.of("not-a-cursor"), 3));
    }

    @Test
    void theEventsOfADecisionWaitInTheOutboxUntilPublished() {
        // given
        DomainEvent event = new DomainEvent.SyncRequested("evt-outbox-1", T0, "ws-outbox", "hub-1", "sync-1", SyncTrigger.MANUAL);

        // when
        Saved saved = store.save(Decision.ofHub(hub("ws-outbox", "hub-1"), List.of(event), List.of()), T0);
        List<OutboxEntry> waiting = store.unpublished(T0.plusSeconds(60), 100).stream()
                .filter(e -> e.eventId().equals("evt-outbox-1")).toList();

        // then
        assertEquals(saved.outbox(), waiting);
        assertEquals("Sync Requested", waiting.getFirst().detailType());
        JsonNode detail = readTree(waiting.getFirst().detail());
        assertEquals("sync-1", detail.get("runId").asText());
        assertTrue(store.unpublished(T0.minusSeconds(1), 100).stream().noneMatch(e -> e.eventId().equals("evt-outbox-1")),
                "an event younger than the cut-off is left to the writer that is publishing it");

        // when
        store.remove(List.of("evt-outbox-1"));

        // then
        assertTrue(store.unpublished(T0.plusSeconds(60), 100).stream().noneMatch(e -> e.eventId().equals("evt-outbox-1")));
    }

    @Test
    void anEventProcessedTwiceIsDetectedAndTheSecondWritesNothing() {
        // given
        Hub stored = save(hub("ws-marker", "hub-1"));
        ProcessedEvent marker = new ProcessedEvent("run-sync", "evt-marker-1");
        HistoryEntry entry = new HistoryEntry("ws-marker", "hub-1", T0, HubStatus.REQUIRES_SYNC, HubStatus.HEALTHY,
                List.of(), TransitionCause.SYNC_SUCCEEDED, "evt-h1");
        Hub first = store.save(Decision.ofHub(stored.toBuilder().name("first").build(), List.of(), List.of(entry)), Optional.of(marker), T0).hub().orElseThrow();

        // when
        HistoryEntry again = new HistoryEntry("ws-marker", "hub-1", T0.plusSeconds(1), HubStatus.REQUIRES_SYNC,
                HubStatus.HEALTHY, List.of(), TransitionCause.SYNC_SUCCEEDED, "evt-h2");
        assertThrows(DuplicateEventException.class, () -> store.save(
                Decision.ofHub(first.toBuilder().name("second").build(), List.of(), List.of(again)), Optional.of(marker), T0));

        // then
        assertTrue(store.isProcessed(marker));
        assertEquals("first", store.findHub("ws-marker", "hub-1").orElseThrow().name());
        assertEquals(1, store.history("ws-marker", "hub-1", Optional.empty(), 10).items().size());
        assertTrue(store.claim(new ProcessedEvent("run-validation", "evt-marker-2"), T0));
        assertFalse(store.claim(new ProcessedEvent("run-validation", "evt-marker-2"), T0));
    }

    @Test
    void aHistoryEntryIsWrittenWithItsHubOrNotAtAll() {
        // given
        Hub stored = save(hub("ws-atomic", "hub-1"));
        Hub changedMeanwhile = save(stored.toBuilder().name("changed by someone else").build());
        HistoryEntry entry = new HistoryEntry("ws-atomic", "hub-1", T0, HubStatus.REQUIRES_SYNC, HubStatus.HEALTHY,
                List.of(), TransitionCause.SYNC_SUCCEEDED, "evt-atomic-1");
        DomainEvent event = new DomainEvent.CheckRequested("evt-atomic-2", T0, "ws-atomic", "hub-1", "chk-1");

        // when: a decision made on the old version
        assertThrows(ConcurrentChangeException.class, () -> store.save(
                Decision.ofHub(stored.toBuilder().name("stale").build(), List.of(event), List.of(entry)), T0));

        // then
        assertEquals(changedMeanwhile, store.findHub("ws-atomic", "hub-1").orElseThrow());
        assertTrue(store.history("ws-atomic", "hub-1", Optional.empty(), 10).items().isEmpty());
        assertTrue(store.unpublished(T0.plusSeconds(60), 1000).stream().noneMatch(e -> e.eventId().equals("evt-atomic-2")));

        // when: the same decision made on the current version
        store.save(Decision.ofHub(changedMeanwhile.toBuilder().name("current").build(), List.of(event), List.of(entry)), T0);

        // then
        assertEquals(List.of(entry), store.history("ws-atomic", "hub-1", Optional.empty(), 10).items());
        assertEquals(3, store.findHub("ws-atomic", "hub-1").orElseThrow().version());
    }

    @Test
    void twoConcurrentWritersNeverLoseAnUpdate() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                // given: two writers read the same version
                String hubId = "hub-race-" + round;
                save(hub("ws-race", hubId));
                CyclicBarrier bothRead = new CyclicBarrier(2);
                AtomicInteger conflicts = new AtomicInteger();

                // when: each adds a different manager, retrying on conflict
                List<Future<?>> writers = new ArrayList<>();
                for (String manager : List.of("manager-a", "manager-b")) {
                    writers.add(pool.submit(() -> {
                        boolean first = true;
                        while (true) {
                            Hub read = store.findHub("ws-race", hubId).orElseThrow();
                            if (first) {
                                bothRead.await();
                                first = false;
                            }
                            Set<String> managers = new HashSet<>(read.managers());
                            managers.add(manager);
                            try {
                                store.save(Decision.ofHub(read.toBuilder().managers(managers).build(), List.of(), List.of()), T0);
                                return null;
                            } catch (ConcurrentChangeException e) {
                                conflicts.incrementAndGet();
                            }
                        }
                    }));
                }
                for (Future<?> writer : writers) {
                    writer.get();
                }

                // then: both changes are there, and exactly one writer had to retry
                Hub result = store.findHub("ws-race", hubId).orElseThrow();
                assertEquals(Set.of("manager-a", "manager-b"), result.managers());
                assertEquals(3, result.version());
                assertEquals(1, conflicts.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachMembersListingAndCountsFollowTheHubsStandingStatusAndMembers() {
        // given: a hub owned by one user and managed by another, with no sync yet (Requires sync)
        String ws = "ws-listing";
        Hub hub = save(hub(ws, "hub-1").toBuilder().owners(Set.of("ann")).managers(Set.of("ben")).build());

        // then
        assertEquals(HubStatus.REQUIRES_SYNC, hub.listing().standing());
        for (String user : List.of("ann", "ben")) {
            assertEquals(List.of("hub-1"), store.listed(ws, user, hub.app(), Optional.of(HubStatus.REQUIRES_SYNC),
                    Optional.empty(), 10).items());
            assertEquals(1, store.standingCounts(ws, user).get(hub.app()).get(HubStatus.REQUIRES_SYNC));
        }
        assertEquals(List.of(), store.listed(ws, "cat", hub.app(), Optional.empty(), Optional.empty(), 10).items());

        // when: it syncs (Healthy), ben leaves and cat joins
        Hub changed = store.save(Decision.ofHub(hub.toBuilder().lastSuccessAt(T0).managers(Set.of("cat")).build(),
                List.of(), List.of()), T0).hub().orElseThrow();

        // then
        assertEquals(HubStatus.HEALTHY, changed.listing().standing());
        assertEquals(List.of("hub-1"), store.listed(ws, "ann", hub.app(), Optional.of(HubStatus.HEALTHY),
                Optional.empty(), 10).items());
        assertEquals(List.of(), store.listed(ws, "ann", hub.app(), Optional.of(HubStatus.REQUIRES_SYNC),
                Optional.empty(), 10).items());
        assertEquals(Map.of(HubStatus.HEALTHY, 1), nonZero(store.standingCounts(ws, "ann").get(hub.app())));
        assertEquals(Map.of(), nonZero(store.standingCounts(ws, "ben").get(hub.app())));
        assertEquals(List.of(), store.listed(ws, "ben", hub.app(), Optional.empty(), Optional.empty(), 10).items());
        assertEquals(Map.of(HubStatus.HEALTHY, 1), nonZero(store.standingCounts(ws, "cat").get(hub.app())));

        // and: it goes stale without a write, which the stale index tells
        assertEquals(List.of(), store.goneStale(ws, hub.app(), T0.plus(Duration.ofHours(24))));
        assertEquals(List.of("hub-1"), store.goneStale(ws, hub.app(), T0.plus(Duration.ofHours(25))).stream()
                .map(Hub::hubId).toList());

        // when: it is disconnected
        store.save(Decision.deletion(changed, List.of(), List.of()), T0);

        // then
        assertEquals(Map.of(), nonZero(store.standingCounts(ws, "ann").get(hub.app())));
        assertEquals(List.of(), store.listed(ws, "ann", hub.app(), Optional.empty(), Optional.empty(), 10).items());
        assertEquals(List.of(), store.goneStale(ws, hub.app(), T0.plus(Duration.ofHours(25))));
    }

    private static Map<HubStatus, Integer> nonZero(Map<HubStatus, Integer> counts) {
        Map<HubStatus, Integer> nonZero = new HashMap<>();
        counts.forEach((status, n) -> {
            if (n != 0) {
                nonZero.put(status, n);
            }
        });
        return nonZero;
    }

    @Test
    void theCohortListingReadsOnlyThatAppsHubsAndCanSkipTheOnesARunChecked() {
        // given
        save(hub("ws-cohort", "hub-1").toBuilder().validatedRunId("val-1").build());
        save(hub("ws-cohort", "hub-2"));
        save(hub("ws-cohort", "hub-3").toBuilder().app(ExternalApp.GOOGLE_ADS).build());

        // when
        List<Hub> all = store.listCohortHubs("ws-cohort", ExternalApp.META_BUSINESS_MANAGER, Optional.empty(), 100, Optional.empty()).items();
        List<Hub> unchecked = store.listCohortHubs("ws-cohort", ExternalApp.META_BUSINESS_MANAGER, Optional.empty(), 100, Optional.of("val-1")).items();

        // then
        assertEquals(List.of("hub-1", "hub-2"), all.stream().map(Hub::hubId).toList());
        assertEquals(List.of("hub-2"), unchecked.stream().map(Hub::hubId).toList());
    }

    @Test
    void theSweepIndexFindsExactlyTheDueHubsAmongTenThousandReadingLittleMore() {
        // given: 10,000 hubs in 20 workspaces; 1 in 40 is due now, the rest synced recently or never
        Instant now = T0.plus(Duration.ofDays(30));
        Set<HubKey> due = new HashSet<>();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String workspace = "ws-sweep-" + (i % 20);
            String hubId = String.format("hub-%05d", i);
            Hub.Builder hub = hub(workspace, hubId).toBuilder();
            if (i % 40 == 0) {
                hub.lastSuccessAt(now.minus(Duration.ofHours(23)));
                due.add(new HubKey(workspace, hubId));
            } else if (i % 3 == 0) {
                hub.lastSuccessAt(now.minus(Duration.ofHours(1)));
            }
            items.add(HubItems.hubItem(hub.build(), 1, POLICY, new StatusEvaluator(POLICY).standing(hub.build())));
        }
        batchWrite(items);
        REQUESTS.reset();

        // when
        DueScan<HubKey> scan = store.dueForSweep(now, 100_000);

        // then
        Set<HubKey> found = new HashSet<>(scan.items());
        found.removeIf(key -> !key.workspaceId().startsWith("ws-sweep-"));
        System.out.printf("sweep index: %d due among 10,000 hubs, %d found, ScannedCount %d over %d Query calls, %d Scan calls%n",
                due.size(), found.size(), scan.scannedCount(), scan.queries(), REQUESTS.count("ScanRequest"));
        assertEquals(due, found);
        assertEquals(0, REQUESTS.count("ScanRequest"));
        assertEquals(scan.items().size(), scan.scannedCount(), "the index is read only where entries are due");
        assertTrue(scan.scannedCount() <= due.size() + 50, "ScannedCount stays close to the due count");
    }

    @Test
    void theRetryIndexFindsPendingChecksAndUnfinishedRunsOnceTheyAreDue() {
        // given
        Instant now = T0.plus(Duration.ofDays(60));
        save(hub("ws-retry", "hub-due").toBuilder()
                .check(new PendingCheck("chk-1", CheckTrigger.CONNECTED, now.minusSeconds(1000), 0, now.minusSeconds(100))).build());
        save(hub("ws-retry", "hub-later").toBuilder()
                .check(new PendingCheck("chk-2", CheckTrigger.CONNECTED, now, 0, now.plusSeconds(900))).build());
        ValidationRun run = new ValidationRun("val-1", ValidationRun.Kind.INITIAL, ValidationRun.Phase.CHECKING, "owner-1",
                now.minusSeconds(2000), 0, now.minusSeconds(1), null, null);
        store.save(Decision.ofCohort(new ValidationCohort("ws-retry", ExternalApp.GOOGLE_ADS, now.minusSeconds(2000), null,
                null, run, null, 0), List.of()), now);

        // when
        List<RetryKey> due = store.dueForRetry(now, 100).items().stream()
                .filter(k -> k.workspaceId().equals("ws-retry")).toList();

        // then
        assertEquals(Set.of(RetryKey.hub("ws-retry", "hub-due"), RetryKey.cohort("ws-retry", ExternalApp.GOOGLE_ADS)),
                new HashSet<>(due));
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
