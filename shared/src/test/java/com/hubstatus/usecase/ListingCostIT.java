package com.hubstatus.usecase;

import com.hubstatus.status.Decision;
import com.hubstatus.status.ExternalApp;
import com.hubstatus.status.Hub;
import com.hubstatus.status.HubStatus;
import com.hubstatus.status.Problem;
import com.hubstatus.status.ReasonCode;
import com.hubstatus.status.StatusView;
import com.hubstatus.status.ValidationCohort;
import com.hubstatus.store.HubStore;
import com.hubstatus.testing.TestSystem;
import com.hubstatus.testing.TestSystemExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static com.hubstatus.testing.TestSystem.OWNER;
import static com.hubstatus.testing.TestSystem.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Listing a workspace of 5,000 hubs costs a page, not the workspace: what a page reads is counted
 * at the SDK client (items DynamoDB returned or scanned), and its counts are checked against every
 * hub evaluated one by one. Prints its figures.
 */
@ExtendWith(TestSystemExtension.class)
class ListingCostIT {

    private static final String WS = "ws-five-thousand";
    private static final int HUBS = 5000;
    /** Hubs whose last success went stale after they were last written: found without reading the others. */
    private static final int GONE_STALE = 50;

    private static TestSystem system;
    private static final ItemsRead READ = new ItemsRead();
    private static ListHubs listHubs;

    @BeforeAll
    static void aWorkspaceOfFiveThousandHubs(TestSystem started) throws Exception {
        system = started;
        Instant now = system.clock.instant();
        for (ExternalApp app : List.of(ExternalApp.GOOGLE_ADS, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER)) {
            system.store.save(Decision.ofCohort(new ValidationCohort(WS, app, now.minus(Duration.ofDays(9)),
                    now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(9)), null, null, 0), List.of()), now);
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < HUBS; i++) {
                Hub hub = hub(i, now);
                writes.add(pool.submit(() -> system.store.save(Decision.ofHub(hub, List.of(), List.of()), now)));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        }
        DynamoDbClient counted = DynamoDbClient.builder()
                .endpointOverride(system.dynamo.serviceClientConfiguration().endpointOverride().orElseThrow())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(READ))
                .build();
        listHubs = new ListHubs(new HubStore(counted, system.store.tableName(), system.policy),
                system.transitions.evaluator(), system.clock);
    }

    /** Hubs of two apps: most Healthy, some stale since written, some never synced, some misconfigured. */
    private static Hub hub(int i, Instant now) {
        Hub.Builder hub = Hub.builder()
                .workspaceId(WS)
                .hubId(String.format("hub_%05d", i))
                .app(i % 2 == 0 ? ExternalApp.GOOGLE_ADS : ExternalApp.LINKEDIN_CAMPAIGN_MANAGER)
                .name("Hub " + i)
                .businessId("2" + String.format("%09d", i))
                .serviceAccountRef("sa-marketing")
                .owners(Set.of(OWNER))
                .managers(i % 3 == 0 ? Set.of(TestSystem.MANAGER) : Set.of())
                .connectedAt(now.minus(Duration.ofDays(8)));
        if (i < GONE_STALE) {
            hub.lastSuccessAt(now.minus(Duration.ofHours(30)));
        } else if (i % 10 == 1) {
            hub.lastSuccessAt(null);
        } else if (i % 10 == 3) {
            hub.lastSuccessAt(now.minus(Duration.ofHours(2)))
                    .problems(List.of(new Problem(ReasonCode.CONFIGURATION_INVALID, "wrong id", now, now)));
        } else {
            hub.lastSuccessAt(now.minus(Duration.ofHours(2)));
        }
        return hub.build();
    }

    @Test
    void theFirstPageReadsAboutAsManyItemsAsItReturnsAndTheCountsAreExact() {
        for (int limit : List.of(50, 200)) {
            // when
            READ.reset();
            long started = System.nanoTime();
            ListHubs.Listing first = listHubs.list(user(OWNER, WS), query(limit, Optional.empty()));
            long micros = (System.nanoTime() - started) / 1000;

            // then
            System.out.printf("listing 5,000 hubs, first page of %d: %d hub items and %d listing entries read "
                            + "(%d hubs gone stale since written), %d other items, %d Query, %d BatchGetItem, %d Scan calls, "
                            + "%d µs%n", limit, READ.hubItems(), READ.entries(), GONE_STALE, READ.others(),
                    READ.calls("Query"), READ.calls("BatchGetItem"), READ.calls("Scan"), micros);
            assertEquals(limit, first.hubs().size());
            assertEquals(0, READ.calls("Scan"));
            assertTrue(READ.hubItems() <= limit + GONE_STALE, "hub items read: " + READ.hubItems());
            assertTrue(READ.entries() <= limit + GONE_STALE + 2, "listing entries read: " + READ.entries());
            assertEquals(everyHubEvaluated(), first.counts());
            assertEquals(HUBS, first.total());
        }
    }

    @Test
    void aFullWalkReturnsEveryHubOnceInStatusOrder() {
        // when
        READ.reset();
        long started = System.nanoTime();
        List<StatusView> walked = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            ListHubs.Listing page = listHubs.list(user(OWNER, WS), query(200, cursor));
            walked.addAll(page.hubs());
            cursor = page.nextCursor();
            pages++;
        } while (cursor.isPresent());
        long millis = (System.nanoTime() - started) / 1_000_000;

        // then
        System.out.printf("listing 5,000 hubs, a full walk at limit=200: %d pages, %d hub items and %d listing entries "
                + "read in all, %d ms%n", pages, READ.hubItems(), READ.entries(), millis);
        assertEquals(HUBS, walked.size());
        assertEquals(HUBS, new HashSet<>(walked.stream().map(view -> view.hub().hubId()).toList()).size());
        for (int i = 1; i < walked.size(); i++) {
            assertTrue(walked.get(i - 1).status().ordinal() <= walked.get(i).status().ordinal(), "in status order");
        }
        assertEquals(GONE_STALE, walked.stream().filter(view -> view.status() == HubStatus.REQUIRES_SYNC
                && view.reasonCodes().contains(ReasonCode.SYNC_STALE)).count());
    }

    @Test
    void aManagerSeesOnlyTheirHubsAndTheirCounts() {
        // when
        ListHubs.Listing listing = listHubs.list(user(TestSystem.MANAGER, WS), query(200, Optional.empty()));

        // then
        int managed = (HUBS + 2) / 3;
        assertEquals(managed, listing.total());
        assertTrue(listing.hubs().stream().allMatch(view -> view.hub().managers().contains(TestSystem.MANAGER)));
    }

    private static ListHubs.Query query(int limit, Optional<String> cursor) {
        return new ListHubs.Query(EnumSet.allOf(HubStatus.class), Optional.empty(), limit, cursor);
    }

    /** The counts as every hub of the workspace, read and evaluated one by one, gives them. */
    private static Map<HubStatus, Integer> everyHubEvaluated() {
        Map<HubStatus, Integer> counts = new EnumMap<>(HubStatus.class);
        for (HubStatus status : HubStatus.values()) {
            counts.put(status, 0);
        }
        for (ExternalApp app : List.of(ExternalApp.GOOGLE_ADS, ExternalApp.LINKEDIN_CAMPAIGN_MANAGER)) {
            ValidationCohort cohort = system.store.findCohort(WS, app).orElseThrow();
            Optional<String> cursor = Optional.empty();
            do {
                var page = system.store.listCohortHubs(WS, app, cursor, 1000, Optional.empty());
                page.items().forEach(hub -> counts.merge(
                        system.transitions.evaluator().evaluate(hub, cohort, system.clock.instant()).status(), 1, Integer::sum));
                cursor = Optional.ofNullable(page.nextCursor());
            } while (cursor.isPresent());
        }
        return counts;
    }

    /** Counts, at the client, the items DynamoDB read for each call: hub items, listing entries, the rest. */
    private static final class ItemsRead implements ExecutionInterceptor {
        private final AtomicInteger hubItems = new AtomicInteger();
        private final AtomicInteger entries = new AtomicInteger();
        private final AtomicInteger others = new AtomicInteger();
        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        void reset() {
            hubItems.set(0);
            entries.set(0);
            others.set(0);
            calls.clear();
        }

        int hubItems() {
            return hubItems.get();
        }

        int entries() {
            return entries.get();
        }

        int others() {
            return others.get();
        }

        int calls(String operation) {
            return calls.getOrDefault(operation, new AtomicInteger()).get();
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            String operation = context.response().getClass().getSimpleName().replace("Response", "");
            calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
            switch (context.response()) {
                case QueryResponse query -> {
                    boolean listing = query.items().stream().anyMatch(item -> item.containsKey("hubId") && item.size() == 1);
                    (listing ? entries : others).addAndGet(query.scannedCount());
                }
                case BatchGetItemResponse batch -> batch.responses().values().forEach(items -> hubItems.addAndGet(items.size()));
                case GetItemResponse get -> others.addAndGet(get.hasItem() ? 1 : 0);
                case ScanResponse scan -> others.addAndGet(scan.scannedCount());
                default -> { }
            }
        }
    }
}
